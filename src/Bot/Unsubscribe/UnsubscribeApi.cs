using SupportBot.Bot.Html;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Unsubscribe;

/// <summary>
/// One-click unsubscribe (RFC 8058). GET shows a small bilingual page with a button, so a link
/// scanner following the URL opts nobody out; POST with the body "List-Unsubscribe=One-Click" (what
/// mail providers send, and what the button sends) opts out. The signed token names the person and
/// the category; no sign-in, no antiforgery token (providers post without one).
/// </summary>
public static class UnsubscribeApi
{
    public const string Path = "/unsubscribe";

    public static IEndpointRouteBuilder MapUnsubscribe(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, Show);
        app.MapPost(Path, OptOutAsync).DisableAntiforgery();
        return app;
    }

    private static ContentHttpResult Show(string? t, UnsubscribeTokens tokens) =>
        tokens.Read(t) is null
            ? Page(Invalid, StatusCodes.Status400BadRequest)
            : Page(Confirm(t!), StatusCodes.Status200OK);

    private static async Task<ContentHttpResult> OptOutAsync(HttpRequest request, string? t, UnsubscribeTokens tokens, PeopleStore people, CancellationToken ct)
    {
        if (tokens.Read(t) is not { } who)
        {
            return Page(Invalid, StatusCodes.Status400BadRequest);
        }

        var form = request.HasFormContentType ? await request.ReadFormAsync(ct) : null;
        if (form is null || !string.Equals(form["List-Unsubscribe"], "One-Click", StringComparison.Ordinal))
        {
            return Page(Confirm(t!), StatusCodes.Status400BadRequest);
        }

        await people.SetEmailOptOutAsync(who.PersonId, who.Category, optedOut: true, ct);
        return Page(Done, StatusCodes.Status200OK);
    }

    private static string Confirm(string token) => $"""
        <h1>Ne plus recevoir ces e-mails ?</h1>
        <p lang="en"><em>Stop receiving these emails?</em></p>
        <form method="post" action="{Path}?t={HtmlEncoder.Default.Encode(Uri.EscapeDataString(token))}">
          <input type="hidden" name="List-Unsubscribe" value="One-Click">
          <button type="submit">Me désabonner · Unsubscribe</button>
        </form>
        <p>Vous pourrez toujours utiliser le chat. <span lang="en"><em>You can still use the chat.</em></span></p>
        """;

    private const string Done = """
        <h1>C'est fait : vous ne recevrez plus ces e-mails.</h1>
        <p lang="en"><em>Done: you will no longer receive these emails.</em></p>
        <p>Merci pour votre aide ! <span lang="en"><em>Thank you for your help!</em></span></p>
        """;

    private const string Invalid = """
        <h1>Ce lien de désabonnement n'est pas valide.</h1>
        <p lang="en"><em>This unsubscribe link is not valid.</em></p>
        <p>Utilisez le lien complet de l'e-mail reçu. <span lang="en"><em>Use the full link from the email.</em></span></p>
        """;

    private static ContentHttpResult Page(string body, int status) =>
        TypedResults.Content(PlainPage.Html("fr", body), "text/html; charset=utf-8", statusCode: status);
}
