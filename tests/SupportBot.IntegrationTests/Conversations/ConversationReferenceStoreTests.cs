using Dapper;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Shared.Conversations;

namespace SupportBot.IntegrationTests.Conversations;

public sealed class ConversationReferenceStoreTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private static ConversationReference Teams(string conversationId, string? locale = "fr-FR") =>
        new("msteams", "https://smba.trafficmanager.net/emea/", conversationId, "tenant-1", "bot-1", "SupportBot", "user-1", "Léa", null, locale, "Europe/Paris");

    [Fact]
    public async Task An_unchanged_reference_is_written_once_per_refresh_interval_and_keeps_its_row()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new ConversationReferenceStore(db.DataSource, clock);
        var reference = Teams("conv-unchanged");

        var id = await store.UpsertAsync(reference, null, CancellationToken.None);
        await SetLastSeenAsync(id, "2020-01-01");
        clock.Advance(ConversationReferenceStore.RefreshInterval / 2);

        Assert.Equal(id, await store.UpsertAsync(reference with { }, null, CancellationToken.None));
        Assert.Equal(2020, (await LastSeenAsync(id)).Year); // skipped: no round trip

        clock.Advance(ConversationReferenceStore.RefreshInterval);
        Assert.Equal(id, await store.UpsertAsync(reference, null, CancellationToken.None));
        Assert.NotEqual(2020, (await LastSeenAsync(id)).Year); // refreshed
    }

    [Fact]
    public async Task A_changed_reference_or_a_forgotten_one_is_written_at_once()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var store = new ConversationReferenceStore(db.DataSource, clock);
        var id = await store.UpsertAsync(Teams("conv-changed"), null, CancellationToken.None);
        await SetLastSeenAsync(id, "2020-01-01");

        Assert.Equal(id, await store.UpsertAsync(Teams("conv-changed", "en-US"), null, CancellationToken.None));
        Assert.Equal("en-US", (await store.FindAsync(id, CancellationToken.None))!.Locale);
        Assert.NotEqual(2020, (await LastSeenAsync(id)).Year);

        await SetLastSeenAsync(id, "2020-01-01");
        store.Forget(Teams("conv-changed", "en-US"));
        await store.UpsertAsync(Teams("conv-changed", "en-US"), null, CancellationToken.None);
        Assert.NotEqual(2020, (await LastSeenAsync(id)).Year);
    }

    private async Task SetLastSeenAsync(long id, string at)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        await c.ExecuteAsync("UPDATE supportbot.conversation_references SET last_seen_at = @at::timestamptz WHERE id = @id", new { id, at });
    }

    private async Task<DateTime> LastSeenAsync(long id)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<DateTime>("SELECT last_seen_at FROM supportbot.conversation_references WHERE id = @id", new { id });
    }
}
