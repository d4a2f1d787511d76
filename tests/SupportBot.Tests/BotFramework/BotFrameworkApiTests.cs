using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.BotFramework;
using SupportBot.Shared.Conversations;

namespace SupportBot.Tests.BotFramework;

/// <summary>POST /api/messages over Kestrel, wired as Program.cs wires it, against the local issuer.</summary>
public sealed class BotFrameworkApiTests : IAsyncLifetime
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";

    private readonly IssuerKey key = new("key-1", "msteams");
    private readonly RecordingProcessor processor = new();
    private LocalOpenIdIssuer issuer = null!;
    private LocalWebServer bot = null!;
    private static readonly HttpClient Http = new();

    public async Task InitializeAsync()
    {
        issuer = await LocalOpenIdIssuer.StartAsync(key);
        bot = await LocalWebServer.StartAsync(
            app => app.MapBotFramework(),
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["Bot:MicrosoftAppId"] = "bot-app-id",
                    ["Bot:MicrosoftAppPassword"] = "bot-secret",
                    ["Bot:OpenIdMetadataUrl"] = issuer.MetadataUrl,
                    ["Bot:AllowedTenants:0"] = "t1",
                });
                builder.Services.AddSingleton<IActivityProcessor>(processor);
                builder.Services.AddSingleton<ITrustedServiceUrls, InMemoryTrustedServiceUrls>();
                builder.AddSupportBotConversations();
                builder.AddSupportBotBotFramework();
            });
    }

    public async Task DisposeAsync()
    {
        await bot.DisposeAsync();
        await issuer.DisposeAsync();
    }

    private static string TeamsMessage(string serviceUrl = ServiceUrl) => $$"""
        {
          "type": "message", "id": "m1", "channelId": "msteams", "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "29:learner" }, "recipient": { "id": "28:bot-app-id" },
          "conversation": { "id": "a:1" }, "text": "hello", "channelData": { "tenant": { "id": "t1" } }
        }
        """;

    private async Task<HttpResponseMessage> PostAsync(string body, string? token = null, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, "api/messages"))
        {
            Content = new StringContent(body, Encoding.UTF8, contentType),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await Http.SendAsync(request);
    }

    [Fact]
    public async Task Authenticated_activity_is_processed_and_its_serviceUrl_trusted()
    {
        using var response = await PostAsync(TeamsMessage(), LocalOpenIdIssuer.CreateToken(key));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var activity = Assert.Single(processor.Activities);
        Assert.Equal("hello", activity.Text);
        Assert.Equal("t1", ConversationReference.TenantOf(activity));
        var guard = bot.Services.GetRequiredService<ServiceUrlGuard>();
        Assert.Equal(new Uri(ServiceUrl), await guard.EnsureAllowedAsync(ServiceUrl, CancellationToken.None));
    }

    [Fact]
    public async Task Request_without_a_token_is_unauthorized()
    {
        using var response = await PostAsync(TeamsMessage());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(processor.Activities);
    }

    [Fact]
    public async Task Bad_token_is_unauthorized_and_its_serviceUrl_not_trusted()
    {
        using var response = await PostAsync(TeamsMessage("https://attacker.example/"), LocalOpenIdIssuer.CreateToken(key));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.Empty(processor.Activities);
        var guard = bot.Services.GetRequiredService<ServiceUrlGuard>();
        await Assert.ThrowsAsync<ServiceUrlRefusedException>(() => guard.EnsureAllowedAsync("https://attacker.example/", CancellationToken.None));
    }

    [Theory]
    [InlineData("this is not json", "not JSON")]
    [InlineData("[1, 2]", "array")]
    [InlineData("""{ "type": "message", "from": 5 }""", "$.from")]
    [InlineData("""{ "conversation": { "id": "a:1" }, "serviceUrl": "https://smba.trafficmanager.net/emea/" }""", "no type")]
    [InlineData("""{ "type": "message", "serviceUrl": "https://smba.trafficmanager.net/emea/" }""", "no conversation.id")]
    [InlineData("""{ "type": "message", "conversation": { "id": "a:1" } }""", "no serviceUrl")]
    [InlineData("""{ "type": "message", "conversation": { "id": "a:1" }, "serviceUrl": "http://attacker.example/" }""", "https")]
    public async Task Body_that_is_not_an_activity_is_a_bad_request_naming_the_problem(string body, string named)
    {
        using var response = await PostAsync(body, LocalOpenIdIssuer.CreateToken(key));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains(named, (string?)problem["detail"], StringComparison.Ordinal);
        Assert.Empty(processor.Activities);
    }

    [Fact]
    public async Task Body_over_256_KB_is_too_large()
    {
        var huge = TeamsMessage().Replace("\"hello\"", $"\"{new string('x', BotFrameworkApi.MaxBodyBytes)}\"", StringComparison.Ordinal);

        using var response = await PostAsync(huge, LocalOpenIdIssuer.CreateToken(key));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Empty(processor.Activities);
    }

    [Fact]
    public async Task Chunked_body_over_256_KB_is_too_large()
    {
        var huge = TeamsMessage().Replace("\"hello\"", $"\"{new string('x', BotFrameworkApi.MaxBodyBytes)}\"", StringComparison.Ordinal);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, "api/messages"))
        {
            Content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))),
        };
        request.Headers.TransferEncodingChunked = true;
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", LocalOpenIdIssuer.CreateToken(key));

        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    private sealed class RecordingProcessor : IActivityProcessor
    {
        public ConcurrentQueue<Activity> Activities { get; } = new();

        public Task ProcessAsync(Activity activity, CancellationToken cancellationToken)
        {
            Activities.Enqueue(activity);
            return Task.CompletedTask;
        }
    }
}
