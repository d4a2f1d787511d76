using SupportBot.Bot.Html;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Shared.Routing;
using SupportBot.Shared.Templates;

namespace SupportBot.Bot.Questions;

/// <summary>
/// The page a question email links to: the question in context (module, the learner's first name,
/// the question and their precisions, where it stands). The recipient's reply token opens it, so
/// only the people the question went to can read it.
/// </summary>
public static class QuestionPageApi
{
    public static IEndpointRouteBuilder MapQuestionPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/questions/{token}", ShowAsync);
        return app;
    }

    private static async Task<ContentHttpResult> ShowAsync(string token, RecipientStore recipients, CancellationToken ct)
    {
        if (await recipients.FindMailByTokenAsync(token, ct) is not { } r)
        {
            return TypedResults.Content(PlainPage.Html("fr", "<h1>Question introuvable · Question not found</h1>"), "text/html; charset=utf-8",
                statusCode: StatusCodes.Status404NotFound);
        }

        var fr = !r.Locale.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        var h = HtmlEncoder.Default;
        var asker = QuestionEmails.FirstName(r.AskerName) ?? (fr ? "Un·e apprenant·e" : "A learner");
        var status = r.QuestionStatus switch
        {
            QuestionStatus.Answered => fr ? "Une réponse a été transmise." : "An answer has been sent.",
            QuestionStatus.Resolved => fr ? "Résolue : merci !" : "Solved: thank you!",
            QuestionStatus.Cancelled or QuestionStatus.Expired => fr ? "Cette question est close." : "This question is closed.",
            _ => fr ? "En attente de réponse : répondez à l'e-mail reçu." : "Waiting for an answer: reply to the email you received.",
        };
        var body = $"""
            <h1>{h.Encode(fr ? $"Question de {asker}" : $"{asker}'s question")}</h1>
            {(r.ModuleTitle is { } module ? $"<p><strong>Module</strong> : {h.Encode(module)}</p>" : "")}
            <blockquote style="white-space: pre-wrap; border-left: 3px solid #4a6fa5; padding: 0.5em 1em; background: #f4f6fa">{h.Encode(r.QuestionText)}</blockquote>
            {(r.Details is { } details ? $"<p><strong>{(fr ? "Précisions" : "More details")}</strong></p><blockquote style=\"white-space: pre-wrap\">{h.Encode(details)}</blockquote>" : "")}
            <p>{h.Encode(status)}</p>
            """;
        return TypedResults.Content(PlainPage.Html(fr ? "fr" : "en", body), "text/html; charset=utf-8");
    }
}
