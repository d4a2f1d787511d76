using SupportBot.Shared.Conversations.DirectLine;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// Sends a bot activity into a conversation, whichever channel it lives on: the web chat's Direct
/// Line store, or the Bot Connector for Teams and the other Azure channels.
/// </summary>
public sealed class ChatSender(DirectLineStore directLine, ConnectorClient connector, ConversationReferenceStore references)
{
    /// <summary>A reply within a turn (keeps replyToId so Teams threads it).</summary>
    public async Task<string?> ReplyAsync(Activity incoming, Activity reply, CancellationToken ct)
    {
        if (incoming.ChannelId == DirectLineStore.ChannelId)
        {
            return (await directLine.AppendAsync(incoming.Conversation!.Id!, reply, fromUser: false, ct)).Id;
        }

        return (await connector.ReplyToActivityAsync(reply, ct)).Id;
    }

    /// <summary>
    /// A proactive message to a stored reference (an answer from a peer, a campaign, a nudge): always
    /// personal, so a Teams channel or group chat reference is replaced by the 1:1 conversation with
    /// the same user, opened with the Connector when the bot has none yet.
    /// </summary>
    public async Task<string?> SendAsync(ConversationReference reference, Activity activity, CancellationToken ct)
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
            return (await directLine.AppendAsync(reference.ConversationId, activity, fromUser: false, ct)).Id;
        }

        activity.Conversation ??= new ConversationAccount { Id = reference.ConversationId, TenantId = reference.TenantId };
        activity.ServiceUrl = reference.ServiceUrl;
        activity.ChannelId = reference.ChannelId;
        return (await connector.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, activity, ct)).Id;
    }

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
