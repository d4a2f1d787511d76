namespace SupportBot.Bot.Html;

/// <summary>The bare, unindexed HTML page that links from emails open (question context, unsubscribe).</summary>
internal static class PlainPage
{
    public static string Html(string lang, string body) => $"""
        <!doctype html>
        <html lang="{lang}">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>SupportBot</title>
        <meta name="robots" content="noindex"></head>
        <body style="font-family: Arial, Helvetica, sans-serif; max-width: 40em; margin: 2em auto; padding: 0 1em; line-height: 1.5">
        {body}
        </body>
        </html>
        """;
}
