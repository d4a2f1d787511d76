using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Email.Replies;
using SupportBot.Shared.People;
using SupportBot.Shared.Routing;

namespace SupportBot.Shared.Email.Incoming;

/// <summary>
/// Sorts each message the inbox receives, in order: seen before (by Message-ID) -> done, only
/// resuming a relay a crash interrupted; our own mail looped back -> dropped; a bounce -> the failed
/// addresses recorded (by the signed return path it came back to, else by the Message-IDs it quotes); an auto-reply -> dropped; an unsubscribe request (the mailto of
/// List-Unsubscribe) -> opted out; else matched to a question recipient by reply token, then by
/// In-Reply-To/References, and handed to routing (<see cref="ReplyIntake"/>). Every outcome is
/// recorded under the Message-ID, which is what makes a redelivered message harmless.
/// </summary>
public sealed partial class InboxTriage(
    ReplyAddresses addresses,
    RecipientStore recipients,
    AnswerStore answers,
    EmailBounces bounces,
    PeopleStore people,
    UnsubscribeTokens unsubscribeTokens,
    ReplyIntake intake,
    ReturnPathFinder returnPathFinder,
    ReturnPaths returnPaths,
    IOptions<ImapOptions> imap,
    ILogger<InboxTriage> logger) : IInboundMailHandler
{
    private readonly IncomingMailReader reader = new(addresses.LocalPart);

    public async Task HandleAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = reader.Read(message);
        var messageId = mail.MessageId ?? SyntheticMessageId(message, mail);
        if (await answers.HasSeenAsync(messageId, ct))
        {
            await intake.ResumeAsync(messageId, ct);
            return;
        }

        if (addresses.IsOwn(mail.FromAddress, mail.MessageId))
        {
            await answers.RecordAsync(messageId, mail.FromAddress, "own", null, null, ct);
            return;
        }

        switch (mail.Kind)
        {
            case IncomingMailKind.Bounce:
                var (recorded, detail) = await RecordBounceAsync(message, mail.Classification, ct);
                await answers.RecordAsync(messageId, mail.FromAddress, "bounce", null, detail, ct);
                LogBounce(recorded.Count);
                return;
            case IncomingMailKind.AutoReply:
                await answers.RecordAsync(messageId, mail.FromAddress, "auto_reply", null, mail.Classification.Reason, ct);
                return;
        }

        if (UnsubscribeRequest(message) is { } request)
        {
            await people.SetEmailOptOutAsync(request.PersonId, request.Category, optedOut: true, ct);
            await answers.RecordAsync(messageId, mail.FromAddress, "unmatched", null, "unsubscribe request", ct);
            return;
        }

        var match = await MatchAsync(mail, ct);
        if (match is null)
        {
            await answers.RecordAsync(messageId, mail.FromAddress, "unmatched", null, "no reply token or known thread", ct);
            return;
        }

        if (match.SentTexts.Length > 0)
        {
            // Read again knowing what we sent: its quoted copy is history, whatever the client made of it.
            mail = reader.Read(message, SentCopy.ForReply([match.SentTexts], addresses.FromAddress, addresses.FromName, message.Subject));
        }

        await intake.AcceptAsync(mail, SenderTrust.Dmarc(message, imap.Value.AuthServId), match, messageId, ct);
    }

    /// <summary>
    /// A bounce counts against the recipient its signed return path names; failing that, against the
    /// recipients of the Message-IDs it quotes. A forged or expired return path names nobody: it is
    /// logged and the bounce kept, like any bounce about mail we did not send.
    /// </summary>
    private async Task<(IReadOnlyList<string> Recorded, string Detail)> RecordBounceAsync(MimeMessage message, MailClassification classification, CancellationToken ct)
    {
        var report = classification.Bounce;
        var permanent = report?.IsPermanent ?? true;
        string? refused = null;
        foreach (var token in returnPathFinder.Find(message.Headers))
        {
            var read = returnPaths.Read(token);
            if (read.Verdict != ReturnPathVerdict.Valid)
            {
                refused = read.Verdict == ReturnPathVerdict.Expired ? "; return path expired" : "; return path forged";
                LogReturnPathRefused(read.Verdict);
                continue;
            }

            var byReturnPath = await bounces.RecordForSentMessageAsync(read.MessageId!, permanent, ct);
            if (byReturnPath.Count > 0)
            {
                return (byReturnPath, classification.Reason + "; by return path");
            }
        }

        IReadOnlyList<string> recorded = report is null ? [] : await bounces.RecordIfOursAsync(report, ct);
        return recorded.Count > 0
            ? (recorded, classification.Reason)
            : (recorded, classification.Reason + refused + "; not about mail we sent, ignored");
    }

    private async Task<RecipientMatch?> MatchAsync(IncomingMail mail, CancellationToken ct)
    {
        foreach (var token in mail.ReplyTokens)
        {
            if (await recipients.FindByTokenAsync(token, ct) is { } byToken)
            {
                return byToken;
            }
        }

        var thread = new List<string>();
        if (mail.InReplyTo is { } inReplyTo)
        {
            thread.Add(inReplyTo);
        }

        thread.AddRange(mail.References.Reverse().Where(r => !thread.Contains(r)));
        return thread.Count == 0 ? null : await recipients.FindByMessageIdsAsync(thread, ct);
    }

    /// <summary>"unsubscribe &lt;token&gt;" in the subject, as our List-Unsubscribe mailto writes it.</summary>
    private UnsubscribeRequest? UnsubscribeRequest(MimeMessage message)
    {
        var subject = message.Subject?.Trim() ?? "";
        const string prefix = "unsubscribe ";
        return subject.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
            ? unsubscribeTokens.Read(subject[prefix.Length..].Trim())
            : null;
    }

    /// <summary>A message without Message-ID still gets a stable key, so redelivery does not ingest it twice.</summary>
    private static string SyntheticMessageId(MimeMessage message, IncomingMail mail) =>
        "missing." + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(
            $"{mail.FromAddress}\n{message.Date:O}\n{message.Subject}\n{mail.NewText}")))[..32];

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bounce to a return path that is {Verdict}: it marks nobody, kept for review")]
    private partial void LogReturnPathRefused(ReturnPathVerdict verdict);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bounce recorded for {Count} address(es)")]
    private partial void LogBounce(int count);
}
