using SupportBot.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Inbox;

public sealed class InboxResynchronisationTests(FreshDatabase db, ITestOutputHelper output) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task After_uidvalidity_changes_the_watcher_starts_again_before_the_oldest_unseen_message()
    {
        // A position from before the server renumbered the folder: its UIDs mean nothing now.
        await using (var stale = db.DataSource.CreateCommand(
            "INSERT INTO supportbot.inbox_state (mailbox, uid_validity, last_uid) VALUES ('support@127.0.0.1/INBOX', 999, 4000000000)"))
        {
            await stale.ExecuteNonQueryAsync();
        }

        await using var worker = await InboxWorker.StartAsync(InboxWorker.FastSettings(db.ConnectionString), output, "worker");
        await WaitForUidValidityAsync(1234);
        var token = SupportMailbox.NewToken();
        var sent = await SupportMailbox.PeerRepliesAsync(token, 2);

        Assert.Equal(sent, await worker.Handler.WaitForAsync(token, 2));
        Assert.True(await InboxWorker.LastUidAsync(db.DataSource) < 4000000000);
    }

    private async Task WaitForUidValidityAsync(long expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await using var command = db.DataSource.CreateCommand("SELECT uid_validity FROM supportbot.inbox_state");
            if ((long)(await command.ExecuteScalarAsync())! == expected)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The watcher kept the stale UIDVALIDITY.");
    }
}
