using SupportBot.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Inbox;

public sealed class InboxDeliveryTests(FreshDatabase db, ITestOutputHelper output) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task New_replies_are_handed_over_once_and_in_order()
    {
        await using var worker = await InboxWorker.StartAsync(InboxWorker.FastSettings(db.ConnectionString), output, "worker");
        await InboxWorker.WaitUntilPositionedAsync(db.DataSource);
        var token = SupportMailbox.NewToken();

        var sent = await SupportMailbox.PeerRepliesAsync(token, 5);
        await worker.Handler.WaitForAsync(token, 5);
        // Several heartbeats later, still nothing handed over twice.
        await Task.Delay(1000);

        Assert.Equal(sent, worker.Handler.HandledWith(token));
    }

    [Fact]
    public async Task Without_idle_the_watcher_polls_and_hands_over_new_replies()
    {
        var settings = InboxWorker.FastSettings(db.ConnectionString);
        settings["Inbox:UseIdle"] = "false";
        await using var worker = await InboxWorker.StartAsync(settings, output, "poller");
        await InboxWorker.WaitUntilPositionedAsync(db.DataSource);
        var token = SupportMailbox.NewToken();

        var sent = await SupportMailbox.PeerRepliesAsync(token, 3);
        await worker.Handler.WaitForAsync(token, 3);
        await Task.Delay(600);

        Assert.Equal(sent, worker.Handler.HandledWith(token));
    }
}
