using System.Text.Json;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// Where and how to reach a user again without their asking: stored on every turn.
/// <see cref="IsPersonal"/> is false for a Teams channel or group chat, which others read.
/// </summary>
public sealed record ConversationReference(
    string ChannelId,
    string ServiceUrl,
    string ConversationId,
    string? TenantId,
    string BotId,
    string? BotName,
    string UserId,
    string? UserName,
    string? AadObjectId,
    string? Locale,
    string? TimeZone,
    bool IsPersonal = true)
{
    /// <summary>
    /// The reference of an inbound activity (from = the user, recipient = the bot). The tenant is
    /// read from conversation.tenantId, else from Teams' channelData.tenant.id.
    /// </summary>
    /// <exception cref="ArgumentException">The activity lacks channelId, serviceUrl, conversation.id, from.id or recipient.id.</exception>
    public static ConversationReference FromActivity(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return new ConversationReference(
            ChannelId: Required(activity.ChannelId, "channelId"),
            ServiceUrl: Required(activity.ServiceUrl, "serviceUrl"),
            ConversationId: Required(activity.Conversation?.Id, "conversation.id"),
            TenantId: TenantOf(activity),
            BotId: Required(activity.Recipient?.Id, "recipient.id"),
            BotName: activity.Recipient?.Name,
            UserId: Required(activity.From?.Id, "from.id"),
            UserName: activity.From?.Name,
            AadObjectId: activity.From?.AadObjectId,
            Locale: activity.Locale,
            TimeZone: activity.LocalTimezone,
            IsPersonal: IsPersonalConversation(activity.Conversation));
    }

    /// <summary>A 1:1 conversation: Teams says "personal" (or nothing, like Direct Line) and not a group.</summary>
    public static bool IsPersonalConversation(ConversationAccount? conversation) =>
        conversation?.IsGroup != true
        && (string.IsNullOrEmpty(conversation?.ConversationType) || string.Equals(conversation.ConversationType, "personal", StringComparison.OrdinalIgnoreCase));

    /// <summary>conversation.tenantId, else channelData.tenant.id (Teams), else null.</summary>
    public static string? TenantOf(Activity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!string.IsNullOrEmpty(activity.Conversation?.TenantId))
        {
            return activity.Conversation.TenantId;
        }

        if (activity.ChannelData is { ValueKind: JsonValueKind.Object } channelData
            && channelData.TryGetProperty("tenant", out var tenant)
            && tenant.ValueKind == JsonValueKind.Object
            && tenant.TryGetProperty("id", out var id)
            && id.ValueKind == JsonValueKind.String)
        {
            return id.GetString();
        }

        return null;
    }

    private static string Required(string? value, string field) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException($"The activity has no {field}.") : value;
}
