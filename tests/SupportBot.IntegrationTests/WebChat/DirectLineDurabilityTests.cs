using System.Net.Http.Json;
using Dapper;
using Npgsql;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.WebChat;

/// <summary>
/// A learner's activity commits without waiting for the WAL flush (the reply's commit flushes it);
/// an acknowledged POST must still survive a database crash, also when the turn stored nothing after
/// it (a typing indicator has no reply).
/// </summary>
public sealed class DirectLineDurabilityTests : IAsyncLifetime
{
    // The WAL writer flushes asynchronous commits on its own every wal_writer_delay: slowed down here
    // so that only our own flush can have saved the activity before the crash.
    private readonly ThrowawayCluster cluster = new("-c wal_writer_delay=10s");
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        await cluster.InitializeAsync();
        FreshDatabase.MigratorFor(cluster.ConnectionString).Migrate();
        host = new BotHost(cluster.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Acknowledged_activities_survive_a_database_crash_right_after_the_POST()
    {
        var learner = await WebChatLearner.OpenAsync(host, new LearnerIdentity("learner-crash", "Léa Dubois", "lea.crash@example.test", null, "fr", "Europe/Paris"));
        var message = await learner.SaysAsync("bonjour");
        var typing = await learner.Http.PostAsJsonAsync($"/v3/directline/conversations/{learner.ConversationId}/activities",
            new { type = "typing", from = new { id = learner.UserId } });
        typing.EnsureSuccessStatusCode();
        var typingId = (await typing.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetString();

        await cluster.StopAsync(); // immediate: like a crash, what is not flushed is gone
        await cluster.StartAsync();

        NpgsqlConnection.ClearAllPools();
        await using var c = new NpgsqlConnection(cluster.ConnectionString);
        var stored = (await c.QueryAsync<string>(
            "SELECT activity->>'id' FROM supportbot.directline_activities WHERE conversation_id = @id", new { id = learner.ConversationId })).ToList();
        Assert.Contains(message, stored);
        Assert.Contains(typingId, stored);
    }
}
