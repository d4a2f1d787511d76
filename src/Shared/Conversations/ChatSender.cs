using SupportBot.Shared.Conversations.DirectLine;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// Sends a bot activity into a conversation, whichever channel it lives on: the web chat's Direct
/// Line store, or the Bot Connector for Teams and the other Azure channels.
/// </summary>
public sealed class ChatSender(DirectLineStore directLine, ConnectorClient connector)
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

    /// <summary>A proactive message to a stored reference (an answer from a peer, a campaign).</summary>
    public async Task<string?> SendAsync(ConversationReference reference, Activity activity, CancellationToken ct)
    {
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
}
