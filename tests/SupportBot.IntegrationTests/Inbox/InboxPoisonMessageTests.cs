using MailKit.Net.Smtp;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Email.Incoming;
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
        var quarantined = Assert.Single(await QuarantinedAsync(), q => q.Subject == poison[0]);
        Assert.Equal("FormatException: routing cannot read this message", quarantined.Reason);
    }

    [Fact]
    public async Task A_message_met_during_a_mail_server_outage_is_not_counted_against_and_arrives_once_the_server_answers()
    {
        var token = SupportMailbox.NewToken();
        var settings = InboxWorker.FastSettings(db.ConnectionString);
        settings["Inbox:MaxAttemptsPerMessage"] = "2";
        // A 4xx from the SMTP server (greylisting, too many connections) says "later", as every sender reads it.
        var handler = new RecordingMailHandler
        {
            DuringOutage = $"{token} outage",
            OutageAttempts = 4,
            Outage = () => new SmtpCommandException(SmtpErrorCode.UnexpectedStatusCode, SmtpStatusCode.MailboxBusy, "mailbox busy, try later"),
        };
        await using var worker = await InboxWorker.StartAsync(settings, output, "worker", handler);
        await InboxWorker.WaitUntilPositionedAsync(db.DataSource);

        var reply = await SupportMailbox.PeerRepliesAsync(token, 1, "outage");
        var handled = await handler.WaitForAsync(token, 1, TimeSpan.FromSeconds(40));

        Assert.Equal(reply, handled);
        Assert.Equal(5, handler.AttemptsAt(reply[0]));
        Assert.DoesNotContain(await QuarantinedAsync(), q => q.Subject == reply[0]);
    }

    [Fact]
    public async Task A_message_that_kills_the_worker_is_counted_across_restarts_then_quarantined_and_the_good_ones_arrive_once()
    {
        var token = SupportMailbox.NewToken();
        var settings = InboxWorker.FastSettings(db.ConnectionString);
        settings["Inbox:MaxAttemptsPerMessage"] = "2";
        var before = new List<string>();
        var poison = new List<string>();
        var handled = new List<string>();
        for (var start = 1; start <= 2; start++)
        {
            // Each worker dies while handling the poison message, as a process killed by it would: no failure is ever reported.
            var handler = new RecordingMailHandler { Crash = $"{token} poison" };
            await using (var worker = await InboxWorker.StartAsync(settings, output, $"worker{start}", handler))
            {
                if (start == 1)
                {
                    await InboxWorker.WaitUntilPositionedAsync(db.DataSource);
                    before = await SupportMailbox.PeerRepliesAsync(token, 1, "before");
                    poison = await SupportMailbox.PeerRepliesAsync(token, 1, "poison");
                    await handler.WaitForAsync(token, 1);
                }

                await WaitForAttemptAsync(handler, poison[0], start);
                handled.AddRange(handler.HandledWith(token));
            }
        }

        var last = new RecordingMailHandler { Crash = $"{token} poison" };
        await using (var worker = await InboxWorker.StartAsync(settings, output, "worker3", last))
        {
            var after = await SupportMailbox.PeerRepliesAsync(token, 1, "after");
            await last.WaitForAsync(token, 1);
            await Task.Delay(600);
            handled.AddRange(last.HandledWith(token));
            Assert.Equal([.. before, .. after], handled);
            Assert.Equal(0, last.AttemptsAt(poison[0]));
        }

        var quarantined = Assert.Single(await QuarantinedAsync(), q => q.Subject == poison[0]);
        Assert.Equal(InboxQuarantine.CrashReason, quarantined.Reason);
    }

    private static async Task WaitForAttemptAsync(RecordingMailHandler handler, string subject, int start)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (handler.AttemptsAt(subject) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.True(handler.AttemptsAt(subject) > 0, $"worker {start} never reached the poison message");
    }

    private async Task<IReadOnlyList<QuarantinedMail>> QuarantinedAsync() =>
        await new InboxQuarantine(db.DataSource).ListAsync(100, CancellationToken.None);
}
