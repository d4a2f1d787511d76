using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Conversations.DirectLine;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Email.Replies;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Routing;

/// <summary>
/// What happens to each message the inbox receives. In order: seen before (by Message-ID) -> done,
/// only resuming a relay a crash interrupted; our own mail looped back -> dropped; a bounce -> the
/// failed addresses recorded; an auto-reply -> dropped; an unsubscribe request (the mailto of
/// List-Unsubscribe) -> opted out; else matched to a question recipient by reply token, then by
/// In-Reply-To/References. A reply from someone other than that recipient is held for a tutor;
/// otherwise the new text (and images) is stored as the answer, the question becomes Answered, and
/// the relay to the learner is enqueued.
/// </summary>
public sealed partial class InboundReplyHandler(
    ReplyAddresses addresses,
    RecipientStore recipients,
    AnswerStore answers,
    QuestionStore questions,
    EmailBounces bounces,
    PeopleStore people,
    UnsubscribeTokens unsubscribeTokens,
    ConversationReferenceStore references,
    DirectLineStore directLine,
    IRoutingJobs jobs,
    IOptions<ImapOptions> imap,
    ILogger<InboundReplyHandler> logger) : IInboundMailHandler
{
    private readonly IncomingMailReader reader = new(addresses.LocalPart);

    public async Task HandleAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        var mail = reader.Read(message);
        var messageId = mail.MessageId ?? SyntheticMessageId(message, mail);
        if (await answers.HasSeenAsync(messageId, ct))
        {
            if (await answers.FindUnrelayedAsync(messageId, ct) is { } pending)
            {
                jobs.RelayAnswer(pending);
            }

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
                IReadOnlyList<string> recorded = mail.Classification.Bounce is { } report ? await bounces.RecordIfOursAsync(report, ct) : [];
                await answers.RecordAsync(messageId, mail.FromAddress, "bounce", null,
                    recorded.Count > 0 ? mail.Classification.Reason : mail.Classification.Reason + "; not about mail we sent, ignored", ct);
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

        if (SenderTrust.Dmarc(message, imap.Value.AuthServId) == DmarcVerdict.Fail)
        {
            // The From header may be forged: a tutor decides, nothing reaches the learner on its word.
            await answers.HoldAsync(match.QuestionId, mail.FromAddress ?? "", "(Held: the sender's domain failed DMARC at our mail server.)\n\n" + mail.NewText, messageId, ct);
            LogHeld(match.QuestionId);
            return;
        }

        if (mail.HoldReason is { } holdReason)
        {
            await answers.HoldAsync(match.QuestionId, mail.FromAddress ?? "", $"(Not read automatically: {holdReason}. Open it in the support mailbox.)", messageId, ct);
            LogHeld(match.QuestionId);
            return;
        }

        if (!string.Equals(mail.FromAddress, match.Email, StringComparison.OrdinalIgnoreCase))
        {
            await answers.HoldAsync(match.QuestionId, mail.FromAddress ?? "", mail.NewText, messageId, ct);
            LogHeld(match.QuestionId);
            return;
        }

        if (string.IsNullOrWhiteSpace(mail.NewText) && mail.Images.Count == 0)
        {
            await answers.RecordAsync(messageId, mail.FromAddress, "unmatched", match.QuestionId, "empty reply", ct);
            return;
        }

        var images = await SaveImagesAsync(match.QuestionId, mail.Images, ct);
        var stored = await answers.StoreAnswerAsync(
            new NewAnswer(match.QuestionId, match.PersonId, match.RecipientId, mail.NewText, images, messageId, mail.FromAddress), ct);
        if (stored is { Relay: true })
        {
            jobs.RelayAnswer(stored.AnswerId);
        }

        LogAnswer(match.QuestionId, match.Role);
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

    /// <summary>Web chat answers show images from the Direct Line store; other channels get them inline from the answer.</summary>
    private async Task<List<AnswerImage>> SaveImagesAsync(Guid questionId, IReadOnlyList<MailImage> images, CancellationToken ct)
    {
        var saved = new List<AnswerImage>();
        if (images.Count == 0)
        {
            return saved;
        }

        var question = await questions.FindAsync(questionId, ct);
        var reference = question?.ConversationReferenceId is { } referenceId ? await references.FindAsync(referenceId, ct) : null;
        foreach (var image in images)
        {
            if (reference?.ChannelId == DirectLineStore.ChannelId)
            {
                var uploadId = await directLine.SaveUploadAsync(reference.ConversationId, image.ContentType, image.FileName, image.Content, ct);
                saved.Add(new AnswerImage(image.FileName, image.ContentType, uploadId, null));
            }
            else
            {
                saved.Add(new AnswerImage(image.FileName, image.ContentType, null, Convert.ToBase64String(image.Content)));
            }
        }

        return saved;
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer by email to question {QuestionId} from a {Role}")]
    private partial void LogAnswer(Guid questionId, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply to question {QuestionId} held: the sender is not a recipient")]
    private partial void LogHeld(Guid questionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bounce recorded for {Count} address(es)")]
    private partial void LogBounce(int count);
}
