using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Shared.Conversations;

/// <summary>What the Connector answers to a send: the id of the activity it stored.</summary>
public sealed record ResourceResponse(string? Id);

/// <summary>What the Connector answers to a new conversation: its id, and the first activity's id if one was sent.</summary>
public sealed record ConversationResourceResponse(string? Id, string? ActivityId, string? ServiceUrl);

/// <summary>
/// A conversation member as GET v3/conversations/{id}/members/{memberId} answers it. Teams adds
/// the Azure AD fields (a TeamsChannelAccount); other channels send only id and name.
/// </summary>
public sealed class ConversationMember
{
    public string? Id { get; set; }

    public string? Name { get; set; }

    public string? AadObjectId { get; set; }

    public string? Email { get; set; }

    public string? UserPrincipalName { get; set; }

    public string? GivenName { get; set; }

    public string? Surname { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>The body of POST v3/conversations.</summary>
public sealed class ConversationParameters
{
    public bool IsGroup { get; set; }

    public ChannelAccount? Bot { get; set; }

    public List<ChannelAccount> Members { get; set; } = [];

    public string? TopicName { get; set; }

    public string? TenantId { get; set; }

    public Activity? Activity { get; set; }

    public JsonElement? ChannelData { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }

    /// <summary>A Teams 1:1 conversation between the bot and one user of a tenant.</summary>
    public static ConversationParameters Personal(ConversationReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        return new ConversationParameters
        {
            IsGroup = false,
            Bot = new ChannelAccount { Id = reference.BotId, Name = reference.BotName },
            Members = [new ChannelAccount { Id = reference.UserId }],
            TenantId = reference.TenantId,
            ChannelData = reference.TenantId is null
                ? null
                : JsonSerializer.SerializeToElement(new { tenant = new { id = reference.TenantId } }, ActivityJson.Options),
        };
    }
}
