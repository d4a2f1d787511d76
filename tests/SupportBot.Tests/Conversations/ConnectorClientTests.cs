using Stopwatch = System.Diagnostics.Stopwatch;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Conversations;

namespace SupportBot.Tests.Conversations;

public sealed class ConnectorClientTests : IAsyncLifetime
{
    private FakeConnectorService connector = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        connector = await FakeConnectorService.StartAsync();
        services = Services(connector.TokenEndpoint, allowedServiceUrl: connector.BaseAddress.AbsoluteUri);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await connector.DisposeAsync();
    }

    /// <summary>The real registration (AddSupportBotConversations), configured as an operator would.</summary>
    private static ServiceProvider Services(string tokenEndpoint, string? allowedServiceUrl = null, string? tenantId = null, string? appType = null, string? managedIdentityEndpoint = null)
    {
        // Development: the fake Connector listens on loopback, which only Development may call.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = "bot-app-id",
            ["Bot:MicrosoftAppPassword"] = appType == "UserAssignedMSI" ? null : "bot-secret",
            ["Bot:AppType"] = appType ?? (tenantId is null ? "MultiTenant" : "SingleTenant"),
            ["Bot:TenantId"] = tenantId,
            ["Bot:TokenEndpoint"] = tokenEndpoint,
            ["Bot:AllowedServiceUrls:0"] = allowedServiceUrl,
            ["Bot:AllowedTenants:0"] = "tenant-1",
        });
        if (managedIdentityEndpoint is not null)
        {
            builder.Configuration["Bot:ManagedIdentityEndpoint"] = managedIdentityEndpoint;
        }

        // No database in unit tests: trust kept in memory instead of PostgreSQL.
        builder.Services.AddSingleton<ITrustedServiceUrls, InMemoryTrustedServiceUrls>();
        builder.AddSupportBotConversations();
        return builder.Services.BuildServiceProvider();
    }

    private ConnectorClient Client => services.GetRequiredService<ConnectorClient>();

    private Activity IncomingMessage() => new()
    {
        Type = ActivityTypes.Message,
        Id = "1741083330123",
        ChannelId = "msteams",
        ServiceUrl = connector.BaseAddress.AbsoluteUri + "emea/",
        From = new ChannelAccount { Id = "29:learner", Name = "Ada" },
        Recipient = new ChannelAccount { Id = "28:bot-app-id", Name = "SupportBot" },
        Conversation = new ConversationAccount { Id = "a:1abc;messageid=42", TenantId = "tenant-1" },
        Locale = "fr-FR",
    };

    [Fact]
    public async Task Reply_is_posted_to_the_activity_with_the_bots_token()
    {
        var reply = IncomingMessage().CreateReply("Bonjour");

        var response = await Client.ReplyToActivityAsync(reply, CancellationToken.None);

        var request = Assert.Single(connector.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/emea/v3/conversations/a%3A1abc%3Bmessageid%3D42/activities/1741083330123", request.RawTarget);
        Assert.Equal("Bearer token-1", request.Authorization);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal("Bonjour", (string?)body["text"]);
        Assert.Equal("29:learner", (string?)body["recipient"]!["id"]);
        Assert.Equal("activity-1", response.Id);
        var tokenRequest = Assert.Single(connector.TokenRequests);
        Assert.Contains("grant_type=client_credentials", tokenRequest.Body, StringComparison.Ordinal);
        Assert.Contains("client_id=bot-app-id", tokenRequest.Body, StringComparison.Ordinal);
        Assert.Contains("scope=https://api.botframework.com/.default", tokenRequest.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Token_is_cached_across_sends()
    {
        var activity = new Activity { Type = ActivityTypes.Message, Text = "one" };

        await Client.SendToConversationAsync(connector.BaseAddress.AbsoluteUri, "conv-1", activity, CancellationToken.None);
        await Client.SendToConversationAsync(connector.BaseAddress.AbsoluteUri, "conv-1", activity, CancellationToken.None);

        Assert.Equal(1, connector.TokensIssued);
        Assert.All(connector.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
        Assert.All(connector.Requests, r => Assert.Equal("/v3/conversations/conv-1/activities", r.Path));
    }

    [Fact]
    public async Task Concurrent_sends_share_one_token_request()
    {
        var activity = new Activity { Type = ActivityTypes.Message, Text = "hi" };

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Client.SendToConversationAsync(connector.BaseAddress.AbsoluteUri, "conv-1", activity, CancellationToken.None)));

        Assert.Equal(1, connector.TokensIssued);
    }

    [Fact]
    public async Task Single_tenant_bot_gets_its_token_from_its_own_tenant()
    {
        await using var singleTenant = Services(connector.TokenEndpoint, connector.BaseAddress.AbsoluteUri, tenantId: "contoso-tenant");

        await singleTenant.GetRequiredService<ConnectorClient>().SendToConversationAsync(
            connector.BaseAddress.AbsoluteUri, "conv-1", new Activity { Type = ActivityTypes.Message }, CancellationToken.None);

        Assert.Equal("/contoso-tenant/oauth2/v2.0/token", Assert.Single(connector.TokenRequests).Path);
    }

    [Fact]
    public async Task Multi_tenant_bot_gets_its_token_from_botframework_com_even_with_a_tenant_id()
    {
        await using var multiTenant = Services(connector.TokenEndpoint, connector.BaseAddress.AbsoluteUri, tenantId: "contoso-tenant", appType: "MultiTenant");

        await multiTenant.GetRequiredService<ConnectorClient>().SendToConversationAsync(
            connector.BaseAddress.AbsoluteUri, "conv-1", new Activity { Type = ActivityTypes.Message }, CancellationToken.None);

        Assert.Equal("/botframework.com/oauth2/v2.0/token", Assert.Single(connector.TokenRequests).Path);
    }

    [Fact]
    public async Task Managed_identity_bot_gets_its_token_from_the_metadata_service_by_client_id_without_a_secret()
    {
        await using var msi = Services(connector.TokenEndpoint, connector.BaseAddress.AbsoluteUri, tenantId: "contoso-tenant",
            appType: "UserAssignedMSI", managedIdentityEndpoint: connector.ManagedIdentityEndpoint);

        await msi.GetRequiredService<ConnectorClient>().SendToConversationAsync(
            connector.BaseAddress.AbsoluteUri, "conv-1", new Activity { Type = ActivityTypes.Message }, CancellationToken.None);
        await msi.GetRequiredService<ConnectorClient>().SendToConversationAsync(
            connector.BaseAddress.AbsoluteUri, "conv-1", new Activity { Type = ActivityTypes.Message }, CancellationToken.None);

        var request = Assert.Single(connector.TokenRequests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/metadata/identity/oauth2/token", request.Path);
        Assert.Equal("Metadata=true", request.Body);
        Assert.Equal("?api-version=2018-02-01&resource=https%3A%2F%2Fapi.botframework.com&client_id=bot-app-id", request.RawTarget);
        Assert.All(connector.Requests, r => Assert.Equal("Bearer token-1", r.Authorization));
    }

    [Fact]
    public async Task Throttled_send_is_retried_after_Retry_After_then_succeeds()
    {
        connector.Answers.Enqueue((429, 1));
        var clock = Stopwatch.StartNew();

        var response = await Client.SendToConversationAsync(connector.BaseAddress.AbsoluteUri, "conv-1",
            new Activity { Type = ActivityTypes.Message, Text = "hi" }, CancellationToken.None);

        Assert.Equal(2, connector.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(0.9), $"retried after {clock.Elapsed}");
        Assert.Equal("activity-2", response.Id);
        Assert.All(connector.Requests, r => Assert.Contains("\"text\":\"hi\"", r.Body, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    public async Task Client_errors_are_not_retried(int status)
    {
        connector.Answers.Enqueue((status, null));

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => Client.SendToConversationAsync(
            connector.BaseAddress.AbsoluteUri, "conv-1", new Activity { Type = ActivityTypes.Message }, CancellationToken.None));

        Assert.Equal((HttpStatusCode)status, error.StatusCode);
        Assert.Contains($"Fake{status}", error.Message, StringComparison.Ordinal);
        Assert.Single(connector.Requests);
    }

    [Fact]
    public async Task Rejected_token_is_forgotten()
    {
        connector.Answers.Enqueue((401, null));
        var activity = new Activity { Type = ActivityTypes.Message };

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Client.SendToConversationAsync(connector.BaseAddress.AbsoluteUri, "conv-1", activity, CancellationToken.None));
        await Client.SendToConversationAsync(connector.BaseAddress.AbsoluteUri, "conv-1", activity, CancellationToken.None);

        Assert.Equal(["Bearer token-1", "Bearer token-2"], connector.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task Personal_conversation_is_created_for_the_user_of_a_reference()
    {
        var reference = ConversationReference.FromActivity(IncomingMessage());

        await Client.CreatePersonalConversationAsync(reference, CancellationToken.None);

        var request = Assert.Single(connector.Requests);
        Assert.Equal(("POST", "/emea/v3/conversations"), (request.Method, request.Path));
        var body = JsonNode.Parse(request.Body)!;
        Assert.False((bool)body["isGroup"]!);
        Assert.Equal("28:bot-app-id", (string?)body["bot"]!["id"]);
        Assert.Equal("29:learner", (string?)body["members"]![0]!["id"]);
        Assert.Equal("tenant-1", (string?)body["channelData"]!["tenant"]!["id"]);
    }

    [Theory]
    [InlineData("https://attacker.example/")]
    [InlineData("http://smba.trafficmanager.net/emea/")]
    [InlineData("not a url")]
    public async Task Untrusted_serviceUrl_is_refused_before_any_request(string serviceUrl)
    {
        var error = await Assert.ThrowsAsync<ServiceUrlRefusedException>(() => Client.SendToConversationAsync(
            serviceUrl, "conv-1", new Activity { Type = ActivityTypes.Message }, CancellationToken.None));

        Assert.Contains(serviceUrl, error.Message, StringComparison.Ordinal);
        Assert.Empty(connector.Requests);
        Assert.Empty(connector.TokenRequests);
    }

    [Fact]
    public async Task ServiceUrl_seen_on_an_authenticated_request_is_trusted()
    {
        var trustedUrl = "https://smba.trafficmanager.net/emea/";
        var guard = services.GetRequiredService<ServiceUrlGuard>();
        await Assert.ThrowsAsync<ServiceUrlRefusedException>(() => guard.EnsureAllowedAsync(trustedUrl, CancellationToken.None));

        await guard.RecordTrustedAsync("https://SMBA.trafficmanager.net/emea", "msteams token from test", CancellationToken.None);

        Assert.Equal(new Uri(trustedUrl), await guard.EnsureAllowedAsync(trustedUrl, CancellationToken.None));
        await Assert.ThrowsAsync<ServiceUrlRefusedException>(() => guard.EnsureAllowedAsync("https://smba.trafficmanager.net/amer/", CancellationToken.None));
    }
}
