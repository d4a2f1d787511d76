using Npgsql;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Inbox;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Inbox;

/// <summary>Several workers on one database: the advisory lock lets exactly one of them watch.</summary>
public sealed class InboxLeadershipTests(FreshDatabase db, ITestOutputHelper output) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task Of_two_workers_only_one_watches_and_the_other_takes_over_when_it_stops()
    {
        var settings = InboxWorker.FastSettings(db.ConnectionString);
        await using var a = await InboxWorker.StartAsync(settings, output, "a");
        await using var b = await InboxWorker.StartAsync(settings, output, "b");
        await InboxWorker.WaitUntilPositionedAsync(db.DataSource);
        var token = SupportMailbox.NewToken();

        var first = await SupportMailbox.PeerRepliesAsync(token, 4, "first");
        await WaitForEitherAsync(a, b, token, 4);
        await Task.Delay(600);

        var (leader, standby) = a.Handler.HandledWith(token).Count > 0 ? (a, b) : (b, a);
        Assert.Equal(first, leader.Handler.HandledWith(token));
        Assert.Empty(standby.Handler.HandledWith(token));

        await leader.DisposeAsync();
        var second = await SupportMailbox.PeerRepliesAsync(token, 2, "second");
        await standby.Handler.WaitForAsync(token, 2);
        await Task.Delay(600);

        Assert.Equal(second, standby.Handler.HandledWith(token));
    }

    [Fact]
    public async Task A_watcher_whose_lock_connection_dies_takes_the_lock_again_and_goes_on()
    {
        await using var worker = await InboxWorker.StartAsync(InboxWorker.FastSettings(db.ConnectionString), output, "worker");
        await InboxWorker.WaitUntilPositionedAsync(db.DataSource);
        await WaitForLockHolderAsync();

        await using (var kill = db.DataSource.CreateCommand(
            "SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))
        {
            await kill.ExecuteScalarAsync();
        }

        var token = SupportMailbox.NewToken();
        var sent = await SupportMailbox.PeerRepliesAsync(token, 2);
        Assert.Equal(sent, await worker.Handler.WaitForAsync(token, 2));
        await WaitForLockHolderAsync();
    }

    private async Task WaitForLockHolderAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var key = InboxLeadership.LockKey;
        while (DateTime.UtcNow < deadline)
        {
            // A bigint advisory key shows in pg_locks as its high half (classid) and low half (objid).
            await using var command = db.DataSource.CreateCommand(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid::bigint = @high AND objid::bigint = @low AND database = (SELECT oid FROM pg_database WHERE datname = current_database())");
            command.Parameters.Add(new NpgsqlParameter("high", key >> 32));
            command.Parameters.Add(new NpgsqlParameter("low", key & 0xFFFFFFFF));
            if ((long)(await command.ExecuteScalarAsync())! == 1)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("No worker holds the inbox lock.");
    }

    private static async Task WaitForEitherAsync(InboxWorker a, InboxWorker b, string token, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (a.Handler.HandledWith(token).Count + b.Handler.HandledWith(token).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }
    }
}
