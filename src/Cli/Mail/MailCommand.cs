using System.CommandLine;
using System.Text;
using MimeKit;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Email.Replies;

namespace SupportBot.Cli.Mail;

/// <summary>`supportbot mail …`: look at mail the way the inbox ingester does, without a server or a database.</summary>
internal static class MailCommand
{
    public static Command Create() => new("mail", "Inspect email the way SupportBot reads it") { CreateExtractReply() };

    private static Command CreateExtractReply()
    {
        var body = new Option<FileInfo>("--body") { Description = "A plain-text reply body (UTF-8)" };
        var eml = new Option<FileInfo>("--eml") { Description = "A whole message (.eml); HTML-only messages are converted" };
        var sent = new Option<FileInfo[]>("--sent") { Description = "The text of a message we sent in this thread (repeatable): its quoted copy is removed first" };
        var context = new Option<bool>("--context")
        {
            Description = "Above each inline answer, re-quote the sentence it answers, as the chat shows it",
        };
        var command = new Command("extract-reply", "Print what the sender wrote, without quoted history or signature") { body, eml, sent, context };
        command.SetAction(parse =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var bodyFile = parse.GetValue(body);
            var emlFile = parse.GetValue(eml);
            if ((bodyFile is null) == (emlFile is null))
            {
                error.WriteLine("supportbot: give exactly one of --body FILE or --eml FILE");
                return 1;
            }

            var file = (bodyFile ?? emlFile)!;
            if (!file.Exists)
            {
                error.WriteLine($"supportbot: {file.FullName} not found");
                return 1;
            }

            try
            {
                var sentFiles = parse.GetValue(sent) ?? [];
                var sentCopy = sentFiles.Length == 0 ? null : new SentCopy(sentFiles.Select(f => File.ReadAllText(f.FullName, Encoding.UTF8)));
                var quoteContext = parse.GetValue(context);
                var text = bodyFile is not null
                    ? ReplyExtractor.Extract(File.ReadAllText(file.FullName, Encoding.UTF8), sent: sentCopy, quoteContext: quoteContext)
                    : IncomingMailReader.NewText(LoadMessage(file), sentCopy, quoteContext);
                output.WriteLine(text);
                return 0;
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException or MailTooLargeException)
            {
                error.WriteLine($"supportbot: cannot read {file.FullName}: {OneLine(ex.Message)}");
                return 1;
            }
        });
        return command;
    }

    private static MimeMessage LoadMessage(FileInfo file)
    {
        var message = MimeMessage.Load(file.FullName);
        return message.Headers.Count > 0 ? message : throw new FormatException("no message headers");
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}
