using SupportBot.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Inbox;

public sealed class InboxReconnectTests(FreshDatabase db, ITestOutputHelper output) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task After_the_imap_server_comes_back_the_watcher_reconnects_and_catches_up()
    {
        await using var imap = new TcpProxy(TestServices.ImapPort);
        await using var worker = await InboxWorker.StartAsync(InboxWorker.FastSettings(db.ConnectionString, imap.Port), output, "worker");
        await InboxWorker.WaitUntilPositionedAsync(db.DataSource);
        var token = SupportMailbox.NewToken();
        var first = await SupportMailbox.PeerRepliesAsync(token, 2, "before");
        await worker.Handler.WaitForAsync(token, 2);

        imap.Cut();
        var duringOutage = await SupportMailbox.PeerRepliesAsync(token, 3, "during-outage");
        // Long enough for several failed reconnections, so the backoff has grown.
        await Task.Delay(1500);
        Assert.Equal(first, worker.Handler.HandledWith(token));

        imap.Restore();
        await worker.Handler.WaitForAsync(token, 5);
        await Task.Delay(600);

        Assert.Equal([.. first, .. duringOutage], worker.Handler.HandledWith(token));
    }

    [Fact]
    public async Task A_watcher_started_while_imap_is_down_connects_when_it_comes_up()
    {
        await using var imap = new TcpProxy(TestServices.ImapPort);
        imap.Cut();
        await using var worker = await InboxWorker.StartAsync(InboxWorker.FastSettings(db.ConnectionString, imap.Port), output, "worker");
        await Task.Delay(700);

        imap.Restore();
        await InboxWorker.WaitUntilPositionedAsync(db.DataSource);
        var token = SupportMailbox.NewToken();
        var sent = await SupportMailbox.PeerRepliesAsync(token, 2);

        Assert.Equal(sent, await worker.Handler.WaitForAsync(token, 2));
    }
}
