using SupportBot.Bot.BotFramework;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Conversations.DirectLine;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Every activity from every channel goes through here: strip the bot's mention, remember where
/// the learner can be reached, pick the language, then try the turn handlers in order. One error
/// boundary: the learner gets an apology in their language, never an exception.
/// </summary>
internal sealed partial class TurnPipeline(
    TurnRoutes routes,
    ConversationReferenceStore references,
    DirectLineStore directLine,
    TeamsLearnerLookup teamsLearners,
    ChatSender sender,
    LanguageChooser languages,
    ConversationTurnGate gate,
    ILogger<TurnPipeline> logger) : IActivityProcessor
{
    public async Task ProcessAsync(Activity activity, CancellationToken cancellationToken)
    {
        await using var turnOfThisConversation = await gate.EnterAsync(activity.ChannelId, activity.Conversation?.Id, cancellationToken);
        var language = "fr";
        try
        {
            TeamsMentions.StripBotMention(activity, activity.Recipient?.Id ?? "");
            var personId = await IdentifyAsync(activity, cancellationToken);
            var referenceId = await references.UpsertAsync(ConversationReference.FromActivity(activity), personId, cancellationToken);
            language = await languages.ChooseAsync(activity, personId, cancellationToken);
            var turn = new TurnContext(activity, language, personId, referenceId, sender);
            foreach (var handler in routes.Handlers)
            {
                if (await handler.TryHandleAsync(turn, cancellationToken))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogTurnFailed(ex, activity.ChannelId, activity.Type);
            ForgetReference(activity);
            await ApologiseAsync(activity, language, cancellationToken);
        }
    }

    /// <summary>The web chat knows its learner from the signed link; Teams users are matched by their email.</summary>
    private async Task<Guid?> IdentifyAsync(Activity activity, CancellationToken ct) =>
        activity.ChannelId == DirectLineStore.ChannelId && activity.Conversation?.Id is { } id
            ? await directLine.FindPersonIdAsync(id, ct)
            : await teamsLearners.IdentifyAsync(activity, ct);

    /// <summary>A failed turn writes its reference again next time (the cached row may be what failed).</summary>
    private void ForgetReference(Activity activity)
    {
        try
        {
            references.Forget(ConversationReference.FromActivity(activity));
        }
        catch (ArgumentException)
        {
            // Not even a reference: nothing was remembered.
        }
    }

    private async Task ApologiseAsync(Activity activity, string language, CancellationToken ct)
    {
        try
        {
            var reply = activity.CreateReply(language == "fr"
                ? "Désolé, quelque chose s'est mal passé de mon côté. Pouvez-vous réessayer dans un instant ?"
                : "Sorry, something went wrong on my side. Could you try again in a moment?");
            await sender.ReplyAsync(activity, reply, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogApologyFailed(ex);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Turn failed ({ChannelId}, {ActivityType}); the learner got an apology")]
    private partial void LogTurnFailed(Exception ex, string? channelId, string? activityType);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not even apologise to the learner")]
    private partial void LogApologyFailed(Exception ex);
}

/// <summary>The ordered table of turn handlers, fallback last. Order matters: read it top to bottom.</summary>
internal sealed class TurnRoutes(IReadOnlyList<ITurnHandler> handlers)
{
    public IReadOnlyList<ITurnHandler> Handlers { get; } = handlers;
}
