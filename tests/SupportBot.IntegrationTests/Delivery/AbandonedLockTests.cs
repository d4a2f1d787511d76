using Dapper;
using Hangfire;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Routing;

namespace SupportBot.IntegrationTests.Delivery;

/// <summary>
/// A host killed with kill -9 in the middle of a job's state change leaves that job's Hangfire lock
/// row behind. The chat drill saw every worker of the restarted host wait on such locks in turn while
/// a hundred relays and question emails queued behind them, for Hangfire.PostgreSql's default 10
/// minutes; a lock that old is now taken over after Jobs:AbandonedLockAfter.
/// </summary>
public sealed class AbandonedLockTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task A_job_whose_state_lock_a_killed_host_left_behind_runs_once_the_lock_counts_as_abandoned()
    {
        string job;
        await using (var client = new BotHost(db.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "false" }))
        {
            job = client.Services.GetRequiredService<IBackgroundJobClient>().Enqueue<RelayAnswerJob>(j => j.RunAsync(Guid.NewGuid(), CancellationToken.None));
        }

        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            // What the killed host left: the job's state lock, taken 90 s ago and never released.
            await c.ExecuteAsync("INSERT INTO hangfire.lock (resource, updatecount, acquired) VALUES (@resource, 0, now() - interval '90 seconds')",
                new { resource = $"hangfire:job:{job}:state-lock" });
        }

        await using var restarted = new BotHost(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            ["Inbox:Enabled"] = "false",
        });
        var storage = restarted.Services.GetRequiredService<JobStorage>();
        var state = "";
        for (var i = 0; i < 100 && state != SucceededState.StateName; i++)
        {
            await Task.Delay(200);
            using var connection = storage.GetConnection();
            state = connection.GetStateData(job)?.Name ?? "";
        }

        Assert.Equal(SucceededState.StateName, state);
    }
}
