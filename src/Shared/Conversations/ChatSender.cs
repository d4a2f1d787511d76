using SupportBot.Shared.Conversations.DirectLine;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// Sends a bot activity into a conversation, whichever channel it lives on: the web chat's Direct
/// Line store, or the Bot Connector for Teams and the other Azure channels.
/// </summary>
public sealed class ChatSender(DirectLineStore directLine, ConnectorClient connector, ConversationReferenceStore references)
{
    /// <summary>
    /// A reply within a turn (keeps replyToId so Teams threads it). In the web chat each reply is
    /// named by the learner's activity and its rank in the turn: a turn run again after its host died
    /// stores only the replies the first run did not.
    /// </summary>
    public async Task<string?> ReplyAsync(Activity incoming, Activity reply, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(incoming);
        if (incoming.ChannelId == DirectLineStore.ChannelId)
        {
            var key = incoming.Id is null ? null : $"reply:{incoming.Id}:{incoming.RepliesStored}";
            var stored = await directLine.AppendOnceAsync(incoming.Conversation!.Id!, reply, fromUser: false, key, turnLease: null, ct);
            incoming.RepliesStored++;
            return stored.Activity.Id;
        }

        return (await connector.ReplyToActivityAsync(ForChannel(incoming.ChannelId, reply), ct)).Id;
    }

    /// <summary>
    /// A proactive message to a stored reference (an answer from a peer, a campaign, a nudge): always
    /// personal, so a Teams channel or group chat reference is replaced by the 1:1 conversation with
    /// the same user, opened with the Connector when the bot has none yet.
    /// A <paramref name="key"/> (the send-log key) makes the web chat store it once however often it is sent.
    /// </summary>
    public async Task<string?> SendAsync(ConversationReference reference, Activity activity, CancellationToken ct, string? key = null)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(activity);
        if (!reference.IsPersonal && reference.ChannelId != DirectLineStore.ChannelId)
        {
            reference = await OpenPersonalAsync(reference, ct);
        }

        activity.Type ??= ActivityTypes.Message;
        activity.From ??= new ChannelAccount { Id = reference.BotId, Name = reference.BotName, Role = "bot" };
        activity.Recipient ??= new ChannelAccount { Id = reference.UserId, Name = reference.UserName };
        activity.Locale ??= reference.Locale;
        if (reference.ChannelId == DirectLineStore.ChannelId)
        {
            return (await directLine.AppendOnceAsync(reference.ConversationId, activity, fromUser: false, key is null ? null : "send:" + key, turnLease: null, ct)).Activity.Id;
        }

        activity.Conversation ??= new ConversationAccount { Id = reference.ConversationId, TenantId = reference.TenantId };
        activity.ServiceUrl = reference.ServiceUrl;
        activity.ChannelId = reference.ChannelId;
        return (await connector.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, ForChannel(reference.ChannelId, activity), ct)).Id;
    }

    /// <summary>Teams gets the buttons as an Adaptive Card; other Connector channels keep suggested actions.</summary>
    private static Activity ForChannel(string? channelId, Activity activity) =>
        channelId == TeamsCards.ChannelId ? TeamsCards.WithButtonsAsCard(activity) : activity;

    private async Task<ConversationReference> OpenPersonalAsync(ConversationReference shared, CancellationToken ct)
    {
        var opened = await connector.CreatePersonalConversationAsync(shared, ct);
        if (string.IsNullOrEmpty(opened.Id))
        {
            throw new HttpRequestException($"The Connector opened no 1:1 conversation with user {shared.UserId} (empty id).");
        }

        // The channel's serviceUrl, not one the answer may name: the token goes only where it was trusted.
        var personal = shared with { ConversationId = opened.Id, IsPersonal = true };
        await references.AddOpenedPersonalAsync(personal, shared, ct);
        return personal;
    }
}
