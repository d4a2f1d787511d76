using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Bot.BotFramework;
using SupportBot.Shared.Conversations;

namespace SupportBot.Tests.Security;

/// <summary>
/// Issue 17 item 1: /api/messages is never open by accident. Without an app id it refuses every
/// activity unless Bot:AllowUnauthenticated is set AND the host runs in Development; even then a
/// serviceUrl from an unauthenticated request is never trusted, and loopback serviceUrls are for
/// Development only.
/// </summary>
public sealed class ChannelAuthenticationModeTests
{
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private static readonly HttpClient Http = new();

    private static string TeamsMessage(string serviceUrl = ServiceUrl, string tenant = "tenant-1") => $$"""
        {
          "type": "message", "id": "m1", "channelId": "msteams", "serviceUrl": "{{serviceUrl}}",
          "from": { "id": "29:victim", "aadObjectId": "00000000-0000-0000-0000-000000000001" }, "recipient": { "id": "28:bot-app-id" },
          "conversation": { "id": "a:1", "conversationType": "personal", "tenantId": "{{tenant}}" }, "text": "hello",
          "channelData": { "tenant": { "id": "{{tenant}}" } }
        }
        """;

    private static async Task<(LocalWebServer Bot, RecordingProcessor Processor)> StartAsync(string environment, Dictionary<string, string?> settings)
    {
        var processor = new RecordingProcessor();
        var bot = await LocalWebServer.StartAsync(
            app => app.MapBotFramework(),
            builder =>
            {
                builder.Configuration.AddInMemoryCollection(settings);
                builder.Services.AddSingleton<IActivityProcessor>(processor);
                builder.Services.AddSingleton<ITrustedServiceUrls, InMemoryTrustedServiceUrls>();
                // Development validates every registration at build; nothing here connects to it.
                builder.Services.AddSingleton(Npgsql.NpgsqlDataSource.Create("Host=127.0.0.1;Port=1"));
                builder.AddSupportBotConversations();
                builder.AddSupportBotBotFramework();
            },
            environment);
        return (bot, processor);
    }

    private static async Task<HttpStatusCode> PostAsync(LocalWebServer bot, string body, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseAddress, "api/messages"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Development")]
    public async Task Without_an_app_id_and_without_the_explicit_switch_every_activity_is_refused(string environment)
    {
        var (bot, processor) = await StartAsync(environment, []);
        await using var _ = bot;

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(bot, TeamsMessage()));

        Assert.Empty(processor.Activities);
    }

    [Fact]
    public async Task The_unauthenticated_switch_outside_Development_stops_the_host_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync("Production", new() { ["Bot:AllowUnauthenticated"] = "true" }));

        Assert.Contains(error.Failures, f => f.StartsWith("Bot:AllowUnauthenticated:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_emulator_switch_outside_Development_stops_the_host_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync("Production", new()
        {
            ["Bot:MicrosoftAppId"] = "bot-app-id", ["Bot:MicrosoftAppPassword"] = "secret", ["Bot:AllowedTenants:0"] = "tenant-1", ["Bot:AllowEmulator"] = "true",
        }));

        Assert.Contains(error.Failures, f => f.StartsWith("Bot:AllowEmulator:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unauthenticated_development_processes_the_activity_but_never_trusts_its_serviceUrl()
    {
        var (bot, processor) = await StartAsync("Development", new() { ["Bot:AllowUnauthenticated"] = "true", ["Bot:AllowedTenants:0"] = "tenant-1" });
        await using var _ = bot;

        Assert.Equal(HttpStatusCode.OK, await PostAsync(bot, TeamsMessage()));

        Assert.Single(processor.Activities);
        var guard = bot.Services.GetRequiredService<ServiceUrlGuard>();
        await Assert.ThrowsAsync<ServiceUrlRefusedException>(() => guard.EnsureAllowedAsync(ServiceUrl, CancellationToken.None));
    }

    [Fact]
    public async Task A_loopback_serviceUrl_is_refused_outside_Development_even_with_a_valid_token()
    {
        var key = new IssuerKey("key-1", "msteams");
        await using var issuer = await LocalOpenIdIssuer.StartAsync(key);
        var (bot, processor) = await StartAsync("Production", new()
        {
            ["Bot:MicrosoftAppId"] = "bot-app-id", ["Bot:MicrosoftAppPassword"] = "secret", ["Bot:AllowedTenants:0"] = "tenant-1",
            ["Bot:OpenIdMetadataUrl"] = issuer.MetadataUrl,
        });
        await using var _ = bot;
        const string Loopback = "http://127.0.0.1:9/";

        Assert.Equal(HttpStatusCode.BadRequest, await PostAsync(bot, TeamsMessage(Loopback), LocalOpenIdIssuer.CreateToken(key, serviceUrl: Loopback)));

        Assert.Empty(processor.Activities);
        var guard = bot.Services.GetRequiredService<ServiceUrlGuard>();
        await Assert.ThrowsAsync<ServiceUrlRefusedException>(() => guard.RecordTrustedAsync(Loopback, "test", CancellationToken.None));
    }

    internal sealed class RecordingProcessor : IActivityProcessor
    {
        public ConcurrentQueue<Activity> Activities { get; } = new();

        public Task ProcessAsync(Activity activity, CancellationToken cancellationToken)
        {
            Activities.Enqueue(activity);
            return Task.CompletedTask;
        }
    }
}
