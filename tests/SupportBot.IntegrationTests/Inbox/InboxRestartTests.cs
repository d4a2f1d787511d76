using SupportBot.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Inbox;

public sealed class InboxRestartTests(FreshDatabase db, ITestOutputHelper output) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task A_restarted_watcher_resumes_after_the_last_handled_message()
    {
        var token = SupportMailbox.NewToken();
        var settings = InboxWorker.FastSettings(db.ConnectionString);
        List<string> before;
        await using (var first = await InboxWorker.StartAsync(settings, output, "first"))
        {
            await InboxWorker.WaitUntilPositionedAsync(db.DataSource);
            before = await SupportMailbox.PeerRepliesAsync(token, 3, "before");
            Assert.Equal(before, await first.Handler.WaitForAsync(token, 3));
        }

        var positionAtStop = await InboxWorker.LastUidAsync(db.DataSource);
        var whileStopped = await SupportMailbox.PeerRepliesAsync(token, 3, "while-stopped");

        await using var second = await InboxWorker.StartAsync(settings, output, "second");
        var after = await SupportMailbox.PeerRepliesAsync(token, 2, "after");
        await second.Handler.WaitForAsync(token, 5);
        await Task.Delay(600);

        // Nothing handled twice, nothing missed, in the order the mail arrived.
        Assert.Equal([.. whileStopped, .. after], second.Handler.HandledWith(token));
        Assert.True(await InboxWorker.LastUidAsync(db.DataSource) >= positionAtStop + 5);
    }
}
