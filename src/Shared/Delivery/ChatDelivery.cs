using SupportBot.Shared.Conversations;

namespace SupportBot.Shared.Delivery;

/// <summary>
/// Sends one chat message (web chat or Teams) through the send log, as <see cref="EmailDelivery"/>
/// does for email: claim the key, send, record the activity id. A failed send is recorded and
/// rethrown; the caller decides what it means (<see cref="DeliveryFailures.Classify"/>: "not
/// yet" waits, a refusing conversation falls back to email). A key another attempt holds throws
/// <see cref="SendInProgressException"/>: not yet.
/// </summary>
public sealed class ChatDelivery(SendLog log, ChatSender chat)
{
    public async Task<DeliveryOutcome> SendAsync(string key, StoredConversationReference to, Activity activity, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(activity);
        if (!await log.TryBeginAsync(key, SendLog.Chat, to.ConversationId, ct))
        {
            return DeliveryOutcome.AlreadyHandled;
        }

        string? activityId;
        try
        {
            // The key goes along: a web chat keeps one copy when a send whose mark was lost (a killed host) is taken over.
            activityId = await chat.SendAsync(to.ToReference(), activity, ct, key);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await log.MarkFailedAsync(key, "chat: " + ex.GetType().Name + ": " + ex.Message, CancellationToken.None);
            throw;
        }

        // Outside the try: once the channel has the message, a failure to record it must not mark it failed (and send it again).
        await log.MarkSentAsync(key, activityId, ct);
        return DeliveryOutcome.Sent;
    }

    /// <summary>A plain-text message in the recipient's language (fr-FR unless "en").</summary>
    public static Activity Text(string text, string language, SuggestedActions? actions = null) => new()
    {
        Type = ActivityTypes.Message,
        Text = text,
        TextFormat = TextFormats.Plain,
        Locale = language == "en" ? "en-US" : "fr-FR",
        SuggestedActions = actions,
    };
}
