using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Inbox;

/// <summary>Someone replying by email: the mail lands in smtp4dev's "Support" mailbox, which IMAP user "support" reads.</summary>
internal static class SupportMailbox
{
    /// <summary>A token for one test, put in every subject it sends: the mailbox is shared by tests running in parallel.</summary>
    public static string NewToken() => "t" + Guid.NewGuid().ToString("N")[..12];

    public static async Task<List<string>> PeerRepliesAsync(string token, int count, string label = "reply")
    {
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", TestServices.SmtpPort, SecureSocketOptions.None);
        var subjects = new List<string>();
        for (var i = 1; i <= count; i++)
        {
            var subject = $"Re: question {token} {label} {i}";
            var message = new MimeMessage();
            message.From.Add(new MailboxAddress("Peer", "peer@example.test"));
            message.To.Add(MailboxAddress.Parse("support+q.test@example.test"));
            message.Subject = subject;
            message.Body = new TextPart("plain") { Text = "Try restarting the notebook kernel." };
            await smtp.SendAsync(message);
            subjects.Add(subject);
        }

        await smtp.DisconnectAsync(true);
        return subjects;
    }
}
