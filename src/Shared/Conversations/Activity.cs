using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// A Bot Framework activity (botframework-activity spec), with the fields SupportBot reads and
/// writes; every other property is kept in <see cref="ExtensionData"/> so it round-trips untouched.
/// </summary>
public sealed class Activity
{
    public string? Type { get; set; }

    public string? Id { get; set; }

    [JsonConverter(typeof(UtcAsZuluConverter))]
    public DateTimeOffset? Timestamp { get; set; }

    public DateTimeOffset? LocalTimestamp { get; set; }

    /// <summary>IANA time zone name, when the client sends it.</summary>
    public string? LocalTimezone { get; set; }

    public string? ServiceUrl { get; set; }

    public string? ChannelId { get; set; }

    public ChannelAccount? From { get; set; }

    public ConversationAccount? Conversation { get; set; }

    public ChannelAccount? Recipient { get; set; }

    public string? ReplyToId { get; set; }

    public string? Text { get; set; }

    /// <summary><c>plain</c>, <c>markdown</c> or <c>xml</c>.</summary>
    public string? TextFormat { get; set; }

    public string? Locale { get; set; }

    public string? InputHint { get; set; }

    public string? Name { get; set; }

    public List<Attachment>? Attachments { get; set; }

    public SuggestedActions? SuggestedActions { get; set; }

    public List<Entity>? Entities { get; set; }

    public JsonElement? ChannelData { get; set; }

    public JsonElement? Value { get; set; }

    public List<ChannelAccount>? MembersAdded { get; set; }

    public List<ChannelAccount>? MembersRemoved { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>How many replies the running turn has stored for this incoming activity: names the next one (<see cref="ChatSender.ReplyAsync"/>).</summary>
    [JsonIgnore]
    internal int RepliesStored { get; set; }

    [JsonIgnore]
    public bool IsMessage => string.Equals(Type, ActivityTypes.Message, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// A message answering this activity: from and recipient swapped; conversation, serviceUrl,
    /// channelId and locale copied; replyToId set to this activity's id.
    /// </summary>
    public Activity CreateReply(string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = ChannelId,
        ServiceUrl = ServiceUrl,
        From = Recipient is null ? null : new ChannelAccount { Id = Recipient.Id, Name = Recipient.Name },
        Recipient = From is null ? null : new ChannelAccount { Id = From.Id, Name = From.Name, AadObjectId = From.AadObjectId },
        Conversation = Conversation?.Copy(),
        ReplyToId = Id,
        Locale = Locale,
        Text = text,
        TextFormat = text is null ? null : TextFormats.Plain,
    };
}

public static class ActivityTypes
{
    public const string Message = "message";
    public const string ConversationUpdate = "conversationUpdate";
    public const string Typing = "typing";
    public const string Event = "event";
    public const string Invoke = "invoke";
    public const string InstallationUpdate = "installationUpdate";
    public const string EndOfConversation = "endOfConversation";
    public const string MessageReaction = "messageReaction";
}

public static class TextFormats
{
    public const string Plain = "plain";
    public const string Markdown = "markdown";
    public const string Xml = "xml";
}

public sealed class ChannelAccount
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    /// <summary><c>user</c> or <c>bot</c>.</summary>
    public string? Role { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class ConversationAccount
{
    public string? Id { get; set; }

    public bool? IsGroup { get; set; }

    /// <summary>Teams: <c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; set; }

    public string? TenantId { get; set; }

    public string? Name { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    internal ConversationAccount Copy() => new()
    {
        Id = Id,
        IsGroup = IsGroup,
        ConversationType = ConversationType,
        TenantId = TenantId,
        Name = Name,
        ExtensionData = ExtensionData is null ? null : new Dictionary<string, JsonElement>(ExtensionData),
    };
}

public sealed class Attachment
{
    public string? ContentType { get; set; }

    public JsonElement? Content { get; set; }

    public string? ContentUrl { get; set; }

    public string? Name { get; set; }

    public string? ThumbnailUrl { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

public sealed class SuggestedActions
{
    /// <summary>Ids of the recipients the actions are shown to; null for everyone.</summary>
    public List<string>? To { get; set; }

    public List<CardAction> Actions { get; set; } = [];

    /// <summary>Quick replies that post their title back as the learner's message.</summary>
    public static SuggestedActions ImBack(params IEnumerable<string> titles) => new()
    {
        Actions = [.. titles.Select(t => CardAction.ImBack(t))],
    };
}

public sealed class CardAction
{
    /// <summary><c>imBack</c>, <c>postBack</c>, <c>messageBack</c>, <c>openUrl</c>, ...</summary>
    public string? Type { get; set; }

    public string? Title { get; set; }

    public JsonElement? Value { get; set; }

    public string? Text { get; set; }

    public string? DisplayText { get; set; }

    public string? Image { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>A button that sends <paramref name="value"/> (default: the title) as the learner's message.</summary>
    public static CardAction ImBack(string title, string? value = null) => new()
    {
        Type = "imBack",
        Title = title,
        Value = JsonSerializer.SerializeToElement(value ?? title, ActivityJson.Options),
    };
}

/// <summary>An entity (<c>mention</c>, <c>clientInfo</c>, ...): its type, the rest kept as JSON.</summary>
public sealed class Entity
{
    public string? Type { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Properties { get; set; }

    public JsonElement? GetProperty(string name) =>
        Properties is not null && Properties.TryGetValue(name, out var value) ? value : null;
}
