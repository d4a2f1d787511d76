using System.Text.Encodings.Web;
using SupportBot.Shared.People;

namespace SupportBot.Bot.WebChat;

/// <summary>The HTML of the chat page and of the page shown when a learner link is refused.</summary>
internal static class WebChatPage
{
    private static string Head(bool french) => $"""
        <!doctype html>
        <html lang="{(french ? "fr" : "en")}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
        <title>SupportBot</title>
        <link rel="stylesheet" href="/chat/chat.css">
        </head>
        """;

    public static string Chat(LearnerIdentity learner, string link)
    {
        var html = HtmlEncoder.Default;
        var french = learner.Locale.StartsWith("fr", StringComparison.OrdinalIgnoreCase);
        return Head(french) + $"""
            <body>
            <header><strong>SupportBot</strong> <span>{html.Encode(french ? "Entraide entre apprenants" : "Peer help for learners")}</span></header>
            <main id="webchat" aria-label="{html.Encode(french ? "Conversation avec SupportBot" : "Chat with SupportBot")}">
              <p class="loading">{html.Encode(french ? "Connexion…" : "Connecting…")}</p>
            </main>
            <script src="/lib/botframework-webchat/webchat.js"></script>
            <script src="/chat/learner-chat.js"
                    data-learner="{html.Encode(link)}"
                    data-learner-id="{html.Encode(learner.LearnerId)}"
                    data-locale="{(french ? "fr-FR" : "en-US")}"></script>
            </body>
            </html>
            """;
    }

    public static string Refused(LearnerLinkFailure failure, string acceptLanguage)
    {
        var french = !acceptLanguage.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var (title, text) = (failure, french) switch
        {
            (LearnerLinkFailure.Missing, true) => ("Ouvrez le chat depuis votre cours", "Ce chat s'ouvre depuis la page de votre cours, qui vous identifie. Retournez sur la plateforme et cliquez sur « Aide »."),
            (LearnerLinkFailure.Missing, false) => ("Open the chat from your course", "This chat opens from your course page, which tells us who you are. Go back to the platform and click \"Help\"."),
            (LearnerLinkFailure.Expired, true) => ("Ce lien a expiré", "Par sécurité, les liens vers le chat expirent. Rouvrez le chat depuis la page de votre cours."),
            (LearnerLinkFailure.Expired, false) => ("This link has expired", "For your security, chat links expire. Reopen the chat from your course page."),
            (_, true) => ("Ce lien n'est pas valide", "Le lien vers le chat a été modifié ou n'a pas été émis par votre plateforme de cours. Rouvrez le chat depuis la page de votre cours."),
            (_, false) => ("This link is not valid", "The chat link was altered or was not issued by your course platform. Reopen the chat from your course page."),
        };
        var html = HtmlEncoder.Default;
        return Head(french) + $"""
            <body>
            <header><strong>SupportBot</strong></header>
            <main class="notice" role="alert"><h1>{html.Encode(title)}</h1><p>{html.Encode(text)}</p></main>
            </body>
            </html>
            """;
    }
}
