using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;

namespace SupportBot.IntegrationTests.Teams;

/// <summary>
/// The Teams path end to end: the real host on Kestrel with an app id, a local OpenID issuer in
/// place of login.botframework.com, and a local fake Connector (also the token endpoint) as the
/// activity's serviceUrl. Activities come in signed; replies go out with the bot's own token.
/// </summary>
public sealed class TeamsChannelTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private const string AppId = "bot-app-id";
    private const string BotId = "28:" + AppId;
    private const string TenantId = "7c5e2b1a-tenant-of-the-course";

    private readonly IssuerKey teamsKey = new("teams-key", "msteams", "skype");
    private readonly IssuerKey webChatOnlyKey = new("webchat-key", "webchat");
    private readonly string conversationId = $"19:{Guid.NewGuid():N}@thread.tacv2;messageid=1741083330123";
    private LocalOpenIdIssuer issuer = null!;
    private FakeConnectorService connector = null!;
    private BotHost host = null!;
    private HttpClient http = null!;

    private string ServiceUrl => connector.BaseAddress.AbsoluteUri;

    public async Task InitializeAsync()
    {
        issuer = await LocalOpenIdIssuer.StartAsync(teamsKey, webChatOnlyKey);
        connector = await FakeConnectorService.StartAsync();
        host = BotHost.StartListening(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = AppId,
            ["Bot:MicrosoftAppPassword"] = "bot-secret",
            ["Bot:OpenIdMetadataUrl"] = issuer.MetadataUrl,
            ["Bot:TokenEndpoint"] = connector.TokenEndpoint,
            ["Bot:AllowedTenants:0"] = TenantId,
        });
        http = new HttpClient { BaseAddress = host.Address };
    }

    public async Task DisposeAsync()
    {
        http.Dispose();
        await host.DisposeAsync();
        await connector.DisposeAsync();
        await issuer.DisposeAsync();
    }

    [Fact]
    public async Task Learner_mentions_the_bot_in_a_channel_and_the_reply_reaches_the_connector_with_the_bots_token()
    {
        using var response = await ChannelSendsAsync(LeaMentionsTheBot("bonjour"), Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = Assert.Single(connector.Requests);
        Assert.Equal("POST", reply.Method);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities/1741083330123", reply.RawTarget);
        Assert.Equal("Bearer token-1", reply.Authorization);
        var body = JsonDocument.Parse(reply.Body).RootElement;
        Assert.Equal("Bonjour ! Quelle est votre question ?", body.GetProperty("text").GetString());
        Assert.Equal("1741083330123", body.GetProperty("replyToId").GetString());
        Assert.Equal("29:lea", body.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal(BotId, body.GetProperty("from").GetProperty("id").GetString());
        var tokenRequest = Assert.Single(connector.TokenRequests);
        Assert.Contains("client_id=bot-app-id", tokenRequest.Body, StringComparison.Ordinal);
        Assert.Contains("grant_type=client_credentials", tokenRequest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_conversation_reference_keeps_the_tenant_and_the_serviceUrl_is_trusted_in_the_database()
    {
        using var response = await ChannelSendsAsync(LeaMentionsTheBot("merci"), Token());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        await using var c = await db.DataSource.OpenConnectionAsync();
        var reference = await c.QuerySingleAsync<(string TenantId, string ServiceUrl, string UserId, string BotId, string ChannelId)>(
            "SELECT tenant_id, service_url, user_id, bot_id, channel_id FROM supportbot.conversation_references WHERE conversation_id = @conversationId",
            new { conversationId });
        Assert.Equal((TenantId, ServiceUrl, "29:lea", BotId, "msteams"), reference);
        Assert.True(await c.ExecuteScalarAsync<bool>(
            "SELECT EXISTS (SELECT 1 FROM supportbot.trusted_service_urls WHERE service_url = @ServiceUrl)", new { ServiceUrl }));
    }

    [Theory]
    [InlineData("forged signature")]
    [InlineData("wrong audience")]
    [InlineData("expired token")]
    [InlineData("key without the msteams endorsement")]
    [InlineData("serviceUrl not the token's")]
    public async Task A_refused_token_gets_401_and_nothing_is_sent(string problem)
    {
        var token = problem switch
        {
            "forged signature" => Token(teamsKey.Forged()),
            "wrong audience" => Token(audience: "another-bot"),
            "expired token" => Token(expires: DateTime.UtcNow.AddMinutes(-10)),
            "key without the msteams endorsement" => Token(webChatOnlyKey),
            "serviceUrl not the token's" => Token(serviceUrl: "https://smba.trafficmanager.net/emea/"),
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        };

        using var response = await ChannelSendsAsync(LeaMentionsTheBot("bonjour"), token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(connector.Requests);
        Assert.Empty(connector.TokenRequests);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM supportbot.conversation_references WHERE conversation_id = @conversationId", new { conversationId }));
    }

    [Fact]
    public async Task The_bot_added_to_a_team_says_welcome()
    {
        var added = Activity("conversationUpdate");
        added["membersAdded"] = new JsonArray(new JsonObject { ["id"] = BotId }, new JsonObject { ["id"] = "29:lea" });

        using var response = await ChannelSendsAsync(added, Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var welcome = Assert.Single(connector.Requests);
        Assert.StartsWith($"/v3/conversations/{Uri.EscapeDataString(conversationId)}/activities", welcome.RawTarget, StringComparison.Ordinal);
        Assert.Contains("Je suis SupportBot", JsonDocument.Parse(welcome.Body).RootElement.GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Someone_else_joining_gets_no_message()
    {
        var added = Activity("conversationUpdate");
        added["membersAdded"] = new JsonArray(new JsonObject { ["id"] = "29:tom" });

        using var response = await ChannelSendsAsync(added, Token());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(connector.Requests);
    }

    private string Token(IssuerKey? key = null, string audience = AppId, string? serviceUrl = null, DateTime? expires = null) =>
        LocalOpenIdIssuer.CreateToken(key ?? teamsKey, audience: audience, serviceUrl: serviceUrl ?? ServiceUrl, expires: expires);

    /// <summary>A Teams channel message as the Connector delivers it: mention in the text, tenant only in channelData.</summary>
    private JsonObject LeaMentionsTheBot(string text)
    {
        var activity = Activity("message");
        activity["text"] = $"<at>SupportBot</at> {text}";
        activity["textFormat"] = "plain";
        activity["locale"] = "fr-FR";
        activity["entities"] = new JsonArray(new JsonObject
        {
            ["type"] = "mention",
            ["text"] = "<at>SupportBot</at>",
            ["mentioned"] = new JsonObject { ["id"] = BotId, ["name"] = "SupportBot" },
        });
        return activity;
    }

    private JsonObject Activity(string type) => new()
    {
        ["type"] = type,
        ["id"] = "1741083330123",
        ["timestamp"] = "2026-03-04T10:15:30.123Z",
        ["channelId"] = "msteams",
        ["serviceUrl"] = ServiceUrl,
        ["from"] = new JsonObject { ["id"] = "29:lea", ["name"] = "Léa Dubois", ["aadObjectId"] = "5f1c9a3e-0000-4000-8000-00000000lea1" },
        ["recipient"] = new JsonObject { ["id"] = BotId, ["name"] = "SupportBot" },
        ["conversation"] = new JsonObject { ["id"] = conversationId, ["conversationType"] = "channel", ["isGroup"] = true },
        ["channelData"] = new JsonObject
        {
            ["tenant"] = new JsonObject { ["id"] = TenantId },
            ["team"] = new JsonObject { ["id"] = "19:team@thread.tacv2" },
            ["channel"] = new JsonObject { ["id"] = "19:general@thread.tacv2" },
        },
    };

    private async Task<HttpResponseMessage> ChannelSendsAsync(JsonObject activity, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/messages", UriKind.Relative))
        {
            Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await http.SendAsync(request);
    }
}
