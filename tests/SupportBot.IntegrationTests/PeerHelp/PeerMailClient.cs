using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MimeKit.Utils;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.PeerHelp;

/// <summary>A peer answering the question email from their mail client: Reply-To, In-Reply-To, References, through smtp4dev's SMTP.</summary>
internal static class PeerMailClient
{
    /// <summary>Inès's answer to the statistics question as her iPhone sends it: the new text, the quoted question, a signature.</summary>
    public const string StatisticsAnswerFromIPhone = """
        Il faut d'abord calculer la moyenne, puis la variance : c'est expliqué page 12 du polycopié.

        Le 25 nov. 2026 à 10:04, SupportBot <support@example.test> a écrit :
        > Une question d'un apprenant du module Module 1 :
        > quelqu'un a compris la question 2 du TD de statistiques ?

        --
        Inès
        Envoyé de mon iPhone
        """;

    public static async Task RepliesAsync(MimeMessage question, string body)
    {
        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress("Inès Moreau", question.To.Mailboxes.Single().Address));
        reply.To.AddRange(question.ReplyTo.Count > 0 ? question.ReplyTo : question.From);
        reply.Subject = "Re: " + question.Subject;
        reply.InReplyTo = question.MessageId;
        reply.References.Add(question.MessageId!);
        reply.MessageId = MimeUtils.GenerateMessageId("mail.example.test");
        reply.Body = new TextPart("plain") { Text = body.ReplaceLineEndings("\r\n").Replace("--\r\n", "-- \r\n", StringComparison.Ordinal) };
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", TestServices.SmtpPort, SecureSocketOptions.None);
        await smtp.SendAsync(reply);
        await smtp.DisconnectAsync(true);
    }
}
