using MimeKit;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.Tests.Email;

public sealed class AutoReplyDetectorTests
{
    private static MimeMessage Message(string subject = "Re: [SupportBot] Question", params (string Name, string Value)[] headers)
    {
        var message = new MimeMessage { Subject = subject };
        message.From.Add(new MailboxAddress("Bob", "bob@example.org"));
        message.To.Add(new MailboxAddress("SupportBot", "support@example.edu"));
        foreach (var (name, value) in headers)
        {
            message.Headers.Add(name, value);
        }

        message.Body = new TextPart("plain") { Text = "Hello" };
        return message;
    }

    private static IncomingMailKind Kind(MimeMessage message) => AutoReplyDetector.Classify(message).Kind;

    [Fact]
    public void Ordinary_reply_is_a_reply()
    {
        Assert.Equal(IncomingMailKind.Reply, Kind(Message()));
    }

    [Theory]
    [InlineData("auto-replied")]
    [InlineData("auto-generated")]
    [InlineData("auto-notified; owner-email=\"bob@example.org\"")]
    public void Auto_submitted_other_than_no_is_an_auto_reply(string value)
    {
        Assert.Equal(IncomingMailKind.AutoReply, Kind(Message(headers: ("Auto-Submitted", value))));
    }

    [Fact]
    public void Auto_submitted_no_is_a_reply()
    {
        Assert.Equal(IncomingMailKind.Reply, Kind(Message(headers: ("Auto-Submitted", "No"))));
    }

    [Theory]
    [InlineData("X-Autoreply", "yes")]
    [InlineData("X-Autorespond", "Vacation")]
    [InlineData("Precedence", "bulk")]
    [InlineData("Precedence", "junk")]
    [InlineData("Precedence", "list")]
    [InlineData("Precedence", "auto_reply")]
    [InlineData("Return-Path", "<>")]
    public void Automatic_headers_make_an_auto_reply(string name, string value)
    {
        Assert.Equal(IncomingMailKind.AutoReply, Kind(Message(headers: (name, value))));
    }

    [Fact]
    public void Auto_response_suppress_alone_is_not_enough()
    {
        Assert.Equal(IncomingMailKind.Reply, Kind(Message(headers: ("X-Auto-Response-Suppress", "All"))));
    }

    [Fact]
    public void Precedence_first_class_is_a_reply()
    {
        Assert.Equal(IncomingMailKind.Reply, Kind(Message(headers: ("Precedence", "first-class"))));
    }

    [Theory]
    [InlineData("Réponse automatique : [SupportBot] Question")]
    [InlineData("Reponse automatique: [SupportBot] Question")]
    [InlineData("Absence du bureau : [SupportBot] Question")]
    [InlineData("Out of Office: Re: [SupportBot] Question")]
    [InlineData("Automatic reply: [SupportBot] Question")]
    [InlineData("Auto-Reply: I am away")]
    [InlineData("Abwesenheitsnotiz: [SupportBot] Frage")]
    [InlineData("Automatische Antwort: [SupportBot] Frage")]
    [InlineData("Respuesta automática: [SupportBot] Pregunta")]
    [InlineData("Fuera de la oficina: [SupportBot] Pregunta")]
    [InlineData("Risposta automatica: [SupportBot] Domanda")]
    [InlineData("Automatisch antwoord: [SupportBot] Vraag")]
    public void Out_of_office_subjects_make_an_auto_reply(string subject)
    {
        Assert.Equal(IncomingMailKind.AutoReply, Kind(Message(subject)));
    }

    [Theory]
    [InlineData("Re: [SupportBot] Question about the office hours")]
    [InlineData("Re: [SupportBot] Automatic grading of quiz 2")]
    public void Subjects_that_only_share_words_are_replies(string subject)
    {
        Assert.Equal(IncomingMailKind.Reply, Kind(Message(subject)));
    }

    [Fact]
    public void Delayed_delivery_report_is_a_temporary_bounce()
    {
        var message = DeliveryReport("Action: delayed\nStatus: 4.4.1\nFinal-Recipient: rfc822; slow@example.org\nOriginal-Recipient: rfc822; Slow.Alias@example.org");
        var result = AutoReplyDetector.Classify(message);
        Assert.Equal(IncomingMailKind.Bounce, result.Kind);
        Assert.False(result.Bounce!.IsPermanent);
        Assert.Equal(["Slow.Alias@example.org", "slow@example.org"], result.Bounce.FailedRecipients);
    }

    [Fact]
    public void Delivery_report_listing_only_delivered_recipients_is_not_a_bounce()
    {
        var message = DeliveryReport("Action: delivered\nStatus: 2.0.0\nFinal-Recipient: rfc822; ok@example.org");
        Assert.Equal(IncomingMailKind.AutoReply, Kind(message));
    }

    [Fact]
    public void Read_receipt_is_an_auto_reply()
    {
        var report = new MultipartReport("disposition-notification") { new TextPart("plain") { Text = "Displayed" } };
        var message = Message("Read: [SupportBot] Question");
        message.Body = report;
        Assert.Equal(IncomingMailKind.AutoReply, Kind(message));
    }

    [Fact]
    public void Mailer_daemon_bounce_without_a_report_is_a_bounce_with_x_failed_recipients()
    {
        var message = Message("Mail delivery failed: returning message to sender", ("X-Failed-Recipients", "gone@example.org"));
        message.From.Clear();
        message.From.Add(new MailboxAddress("Mail Delivery System", "Mailer-Daemon@mx.example.edu"));
        var result = AutoReplyDetector.Classify(message);
        Assert.Equal(IncomingMailKind.Bounce, result.Kind);
        Assert.True(result.Bounce!.IsPermanent);
        Assert.Equal(["gone@example.org"], result.Bounce.FailedRecipients);
    }

    private static MimeMessage DeliveryReport(string recipientFields)
    {
        var status = new MessageDeliveryStatus();
        status.StatusGroups.Add(HeaderListFrom("Reporting-MTA: dns; mx.example.edu"));
        status.StatusGroups.Add(HeaderListFrom(recipientFields));
        var message = Message("Delivery Status Notification (Delay)");
        message.Body = new MultipartReport("delivery-status") { new TextPart("plain") { Text = "Still trying." }, status };
        return message;
    }

    private static HeaderList HeaderListFrom(string fields)
    {
        var list = new HeaderList();
        foreach (var line in fields.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            list.Add(line[..colon], line[(colon + 1)..].Trim());
        }

        return list;
    }
}
