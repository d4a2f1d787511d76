using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Shared.Conversations;

namespace SupportBot.IntegrationTests.Conversations;

public sealed class TrustedServiceUrlsTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private static readonly Uri Emea = ServiceUrlGuard.Normalize("https://smba.trafficmanager.net/emea/")!;

    [Fact]
    public async Task A_serviceUrl_seen_by_one_instance_is_trusted_by_another_and_after_a_restart()
    {
        var first = new PostgresTrustedServiceUrls(db.DataSource, TimeProvider.System);
        await first.RecordAsync(Emea, "msteams token from https://api.botframework.com", CancellationToken.None);

        var otherInstance = new PostgresTrustedServiceUrls(db.DataSource, TimeProvider.System);

        Assert.True(await otherInstance.IsTrustedAsync(Emea, CancellationToken.None));
        Assert.False(await otherInstance.IsTrustedAsync(new Uri("https://attacker.example/emea/"), CancellationToken.None));
    }

    [Fact]
    public async Task The_guard_of_a_new_host_lets_the_connector_send_to_a_serviceUrl_recorded_before()
    {
        var url = "https://smba.trafficmanager.net/amer/";
        await using (var before = new BotHost(db.ConnectionString))
        {
            await before.Services.GetRequiredService<ServiceUrlGuard>().RecordTrustedAsync(url, "msteams token from https://api.botframework.com", CancellationToken.None);
        }

        await using var restarted = new BotHost(db.ConnectionString);
        var guard = restarted.Services.GetRequiredService<ServiceUrlGuard>();

        Assert.IsType<PostgresTrustedServiceUrls>(restarted.Services.GetRequiredService<ITrustedServiceUrls>());
        Assert.Equal(new Uri(url), await guard.EnsureAllowedAsync(url, CancellationToken.None));
        await Assert.ThrowsAsync<ServiceUrlRefusedException>(() => guard.EnsureAllowedAsync("https://smba.trafficmanager.net/apac/", CancellationToken.None));
    }

    [Fact]
    public async Task Recording_again_keeps_one_row_and_writes_at_most_once_an_hour_per_instance()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new PostgresTrustedServiceUrls(db.DataSource, clock);
        var url = new Uri("https://smba.trafficmanager.net/in/");

        await store.RecordAsync(url, "msteams token from https://api.botframework.com", CancellationToken.None);
        var firstSeen = await LastSeenAsync(url);
        await store.RecordAsync(url, "msteams token from https://api.botframework.com", CancellationToken.None);
        var unchanged = await LastSeenAsync(url);
        clock.Advance(PostgresTrustedServiceUrls.RefreshInterval + TimeSpan.FromMinutes(1));
        await store.RecordAsync(url, "msteams token from https://api.botframework.com", CancellationToken.None);

        Assert.Equal(firstSeen, unchanged);
        Assert.True(await LastSeenAsync(url) > firstSeen);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.trusted_service_urls WHERE service_url = @u", new { u = url.AbsoluteUri }));
    }

    [Fact]
    public async Task A_serviceUrl_no_channel_brought_for_the_lifetime_is_no_longer_trusted_and_says_how_it_was_trusted()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new PostgresTrustedServiceUrls(db.DataSource, clock);
        var url = new Uri("https://smba.trafficmanager.net/jp/");
        await store.RecordAsync(url, "msteams token from https://api.botframework.com", CancellationToken.None);

        clock.Advance(ITrustedServiceUrls.Lifetime - TimeSpan.FromMinutes(1));
        var stillTrusted = await new PostgresTrustedServiceUrls(db.DataSource, clock).IsTrustedAsync(url, CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(2));

        Assert.True(stillTrusted);
        Assert.False(await store.IsTrustedAsync(url, CancellationToken.None));
        Assert.False(await new PostgresTrustedServiceUrls(db.DataSource, clock).IsTrustedAsync(url, CancellationToken.None));
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("msteams token from https://api.botframework.com",
            await c.ExecuteScalarAsync<string>("SELECT trusted_by FROM supportbot.trusted_service_urls WHERE service_url = @u", new { u = url.AbsoluteUri }));

        // The channel calls again: trusted again.
        await store.RecordAsync(url, "msteams token from https://api.botframework.com", CancellationToken.None);
        Assert.True(await store.IsTrustedAsync(url, CancellationToken.None));
    }

    private async Task<DateTime> LastSeenAsync(Uri url)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<DateTime>("SELECT last_seen_at FROM supportbot.trusted_service_urls WHERE service_url = @u", new { u = url.AbsoluteUri });
    }
}
