using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SupportBot.IntegrationTests.Fixtures;

/// <summary>
/// Microsoft Teams as far as the bot can tell: a local OpenID issuer in place of
/// login.botframework.com (RS256 keys endorsing msteams) and a fake Connector (also the token
/// endpoint) at the activities' serviceUrl. <see cref="HostSettings"/> points a host at both.
/// </summary>
public sealed class TeamsChannel : IAsyncDisposable
{
    public const string AppId = "bot-app-id";
    public const string BotId = "28:" + AppId;
    public const string TenantId = "7c5e2b1a-tenant-of-the-course";

    private readonly IssuerKey key = new("teams-key", "msteams", "skype");

    private TeamsChannel(LocalOpenIdIssuer issuer, FakeConnectorService connector)
    {
        Issuer = issuer;
        Connector = connector;
    }

    public LocalOpenIdIssuer Issuer { get; }

    public FakeConnectorService Connector { get; }

    public string ServiceUrl => Connector.BaseAddress.AbsoluteUri;

    public static async Task<TeamsChannel> StartAsync()
    {
        var issuer = await LocalOpenIdIssuer.StartAsync();
        var channel = new TeamsChannel(issuer, await FakeConnectorService.StartAsync());
        issuer.Publish(channel.key);
        return channel;
    }

    public Dictionary<string, string?> HostSettings() => new()
    {
        ["Bot:MicrosoftAppId"] = AppId,
        ["Bot:MicrosoftAppPassword"] = "bot-secret",
        ["Bot:OpenIdMetadataUrl"] = Issuer.MetadataUrl,
        ["Bot:TokenEndpoint"] = Connector.TokenEndpoint,
        ["Bot:AllowedTenants:0"] = TenantId,
    };

    /// <summary>A Connector token for an activity from this channel, signed like Azure Bot Service signs them.</summary>
    public string Token() => LocalOpenIdIssuer.CreateToken(key, audience: AppId, serviceUrl: ServiceUrl);

    /// <summary>A Teams user in a personal (1:1) conversation with the bot; <paramref name="email"/> is what the Connector will say about them.</summary>
    /// <param name="aadObjectId">Their Entra object id (a fresh one by default).</param>
    /// <param name="tenantId">Their tenant (the course's by default).</param>
    public TeamsLearner Learner(Uri botAddress, string userId, string name, string? email, string? aadObjectId = null, string tenantId = TenantId)
    {
        aadObjectId ??= Guid.NewGuid().ToString();
        Connector.Members[userId] = new TeamsMember(name, aadObjectId, email, email, tenantId);
        return new TeamsLearner(this, botAddress, userId, name, aadObjectId, $"a:1{Guid.NewGuid():N}", tenantId);
    }

    public async ValueTask DisposeAsync()
    {
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }
}

/// <summary>A learner writing to the bot in Teams: each message is POSTed to /api/messages with a fresh signed token.</summary>
public sealed class TeamsLearner(TeamsChannel channel, Uri botAddress, string userId, string name, string aadObjectId, string conversationId, string tenantId = TeamsChannel.TenantId) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = botAddress };
    private int seen;
    private long nextId = 1_741_083_330_000;

    public string UserId { get; } = userId;

    public string AadObjectId { get; } = aadObjectId;

    public string ConversationId { get; } = conversationId;

    /// <summary>Posts a message like the Connector does and returns how /api/messages answered.</summary>
    /// <param name="teamId">Writes as from a channel of this team (channelData.team.id), not the personal chat.</param>
    public Task<HttpStatusCode> SaysAsync(string text, string locale = "fr-FR", string? teamId = null) =>
        PostAsync(text, locale, new JsonObject
        {
            ["id"] = ConversationId, ["conversationType"] = "personal", ["isGroup"] = false, ["tenantId"] = tenantId,
        }, teamId: teamId);

    /// <summary>Posts "@SupportBot text" in a team channel, as Teams delivers a channel mention (tenant only in channelData).</summary>
    public Task<HttpStatusCode> MentionsTheBotInChannelAsync(string channelConversationId, string text, string locale = "fr-FR") =>
        PostAsync($"<at>SupportBot</at> {text}", locale, new JsonObject
        {
            ["id"] = channelConversationId, ["conversationType"] = "channel", ["isGroup"] = true,
        }, new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>SupportBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = TeamsChannel.BotId, ["name"] = "SupportBot" },
        }));

    private async Task<HttpStatusCode> PostAsync(string text, string locale, JsonObject conversation, JsonArray? entities = null, string? teamId = null)
    {
        var activity = new JsonObject
        {
            ["type"] = "message",
            ["id"] = Interlocked.Increment(ref nextId).ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["timestamp"] = DateTime.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["channelId"] = "msteams",
            ["serviceUrl"] = channel.ServiceUrl,
            ["from"] = new JsonObject { ["id"] = UserId, ["name"] = name, ["aadObjectId"] = AadObjectId },
            ["recipient"] = new JsonObject { ["id"] = TeamsChannel.BotId, ["name"] = "SupportBot" },
            ["conversation"] = conversation,
            ["channelData"] = teamId is null
                ? new JsonObject { ["tenant"] = new JsonObject { ["id"] = tenantId } }
                : new JsonObject
                {
                    ["tenant"] = new JsonObject { ["id"] = tenantId },
                    ["team"] = new JsonObject { ["id"] = teamId },
                    ["channel"] = new JsonObject { ["id"] = teamId },
                },
            ["text"] = text,
            ["textFormat"] = "plain",
            ["locale"] = locale,
        };
        if (entities is not null)
        {
            activity["entities"] = entities;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/messages", UriKind.Relative))
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", channel.Token());
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>What the bot sent into this conversation through the Connector since the last call.</summary>
    public async Task<List<ConnectorMessage>> BotMessagesAsync(int atLeast = 1, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var prefix = $"/v3/conversations/{Uri.EscapeDataString(ConversationId)}/activities";
        List<ConnectorMessage> found;
        while (true)
        {
            found = channel.Connector.Requests
                .Where(r => r.Method == "POST" && r.RawTarget.StartsWith(prefix, StringComparison.Ordinal))
                .Skip(seen)
                .Select(r => new ConnectorMessage(r, JsonDocument.Parse(r.Body).RootElement.Clone()))
                .ToList();
            if (found.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                break;
            }

            await Task.Delay(100);
        }

        seen += found.Count;
        return found;
    }

    public void Dispose() => http.Dispose();
}

/// <summary>One activity the bot sent through the Connector, with the request that carried it.</summary>
public sealed record ConnectorMessage(RecordedRequest Request, JsonElement Activity)
{
    public string Text => Activity.GetProperty("text").GetString() ?? "";

    /// <summary>The buttons under the message: Teams gets them in an Adaptive Card (messageBack submits), never as suggested actions.</summary>
    public List<string> Buttons
    {
        get
        {
            Assert.False(Activity.TryGetProperty("suggestedActions", out _), "a Teams message carries its buttons in an Adaptive Card, not as suggested actions");
            return Activity.TryGetProperty("attachments", out var attachments)
                ? [.. attachments.EnumerateArray()
                    .Where(a => a.GetProperty("contentType").GetString() == "application/vnd.microsoft.card.adaptive")
                    .SelectMany(a => a.GetProperty("content").GetProperty("actions").EnumerateArray())
                    .Select(a => a.GetProperty("data").GetProperty("msteams").GetProperty("text").GetString()!)]
                : [];
        }
    }
}
