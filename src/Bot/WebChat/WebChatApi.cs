using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using SupportBot.Bot.BotFramework;
using SupportBot.Bot.DirectLine;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Conversations.DirectLine;
using SupportBot.Shared.People;

namespace SupportBot.Bot.WebChat;

/// <summary>The web chat page at / and the endpoint that gives it a Direct Line token for its learner.</summary>
public static class WebChatApi
{
    public static WebApplication MapWebChat(this WebApplication app)
    {
        app.UseStaticFiles();
        app.MapGet("/", ShowPageAsync);
        app.MapPost("/api/directline/token", IssueTokenAsync).DisableAntiforgery().RequireRateLimiting(DirectLineLimits.TokenPolicy);
        return app;
    }

    private static async Task<ContentHttpResult> ShowPageAsync(HttpRequest request, LearnerLinks links)
    {
        var link = request.Query["learner"].ToString();
        var result = await links.ValidateAsync(link);
        return result.Learner is { } learner
            ? TypedResults.Content(WebChatPage.Chat(learner, link), "text/html; charset=utf-8")
            : TypedResults.Content(WebChatPage.Refused(result.Failure!.Value, request.Headers.AcceptLanguage.ToString()), "text/html; charset=utf-8",
                statusCode: result.Failure == LearnerLinkFailure.Missing ? StatusCodes.Status200OK : StatusCodes.Status403Forbidden);
    }

    /// <summary>
    /// Body: { learner: "&lt;signed link&gt;", conversationId?: "...", resume?: true, greet?: true }. The conversation is resumed
    /// when it belongs to the same learner (the page keeps its id), else, with resume (the chat page asks for it),
    /// the learner's latest one (another device, a cleared browser), else a new one is started; with greet (the chat page
    /// asks for it too), a new one is greeted before the token is handed out (<see cref="DirectLineApi.GreetAsync"/>).
    /// </summary>
    private static async Task<IResult> IssueTokenAsync(
        HttpContext http, TokenRequest body, LearnerLinks links, PeopleStore people, DirectLineStore store, DirectLineTokens tokens,
        Shared.Routing.QuestionModules modules, IActivityProcessor processor, IOptions<BotOptions> bot, CancellationToken ct)
    {
        var result = await links.ValidateAsync(body.Learner);
        if (result.Learner is not { } learner)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Learner link refused",
                detail: result.Failure == LearnerLinkFailure.Expired ? "The learner link has expired: reopen the chat from the course." : "The learner link is missing or invalid.");
        }

        Guid personId;
        try
        {
            personId = await people.UpsertLearnerAsync(learner, ct);
        }
        catch (Npgsql.PostgresException ex) when (ex.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation && ex.ConstraintName == "people_email_key")
        {
            // Two platform accounts with one email: merging them silently could show one learner another's chat.
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Email already used",
                detail: "Another learner account already uses this email address; the course platform must fix the account before the chat can open.");
        }

        var userId = "learner:" + learner.LearnerId;
        var conversation = body.ConversationId is { Length: > 0 } id ? await store.FindConversationAsync(id, ct) : null;
        if ((conversation is null || conversation.UserId != userId) && body.Resume)
        {
            // Another device (or a cleared browser): the learner's conversation follows them, with its history.
            conversation = await store.FindLatestForUserAsync(userId, ct);
        }

        var resumed = conversation is not null;
        if (!resumed)
        {
            conversation = await store.CreateConversationAsync(new DirectLineUser(userId, learner.DisplayName, personId, learner.Locale, learner.TimeZone), ct);
        }

        // The module page the learner came from this time: their questions belong to it.
        await modules.RememberLinkModuleAsync(conversation!.Id, learner.Course, ct);
        if (!resumed && body.Greet)
        {
            await DirectLineApi.GreetAsync(http, conversation.Id, userId, learner.DisplayName, learner.Locale, store, processor, bot.Value, ct);
        }

        return TypedResults.Ok(new TokenResponse(
            conversation!.Id, tokens.Issue(conversation.Id, userId), tokens.LifetimeSeconds, userId, learner.DisplayName, learner.Locale, resumed));
    }

    internal sealed record TokenRequest(string? Learner, string? ConversationId, bool Resume = false, bool Greet = false);

    internal sealed record TokenResponse(string ConversationId, string Token, int ExpiresIn, string UserId, string UserName, string Locale, bool Resumed);
}
