using SupportBot.IntegrationTests.Fixtures;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Inbox;

public sealed class InboxPoisonMessageTests(FreshDatabase db, ITestOutputHelper output) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task A_message_the_handler_rejects_is_retried_then_skipped_and_later_mail_still_arrives()
    {
        var token = SupportMailbox.NewToken();
        var settings = InboxWorker.FastSettings(db.ConnectionString);
        settings["Inbox:MaxAttemptsPerMessage"] = "3";
        var handler = new RecordingMailHandler { Poison = $"{token} poison" };
        await using var worker = await InboxWorker.StartAsync(settings, output, "worker", handler);
        await InboxWorker.WaitUntilPositionedAsync(db.DataSource);

        var before = await SupportMailbox.PeerRepliesAsync(token, 1, "before");
        var poison = await SupportMailbox.PeerRepliesAsync(token, 1, "poison");
        var after = await SupportMailbox.PeerRepliesAsync(token, 2, "after");
        await handler.WaitForAsync(token, 3);
        await Task.Delay(600);

        Assert.Equal([.. before, .. after], handler.HandledWith(token));
        Assert.Equal(3, handler.AttemptsAt(poison[0]));
    }
}
