using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Conversations.DirectLine;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.Shared.Routing;

/// <summary>
/// What routing does with an email reply the inbox matched to one of its question recipients
/// (<see cref="InboxTriage"/>): a reply failing DMARC, one through an expired reply address, one the reader could not read, or one from
/// someone other than that recipient is held for a tutor; otherwise the new text (and images) is
/// stored as the answer, the question becomes Answered, and the relay to the learner is enqueued.
/// </summary>
public sealed partial class ReplyIntake(
    AnswerStore answers,
    QuestionStore questions,
    ConversationReferenceStore references,
    DirectLineStore directLine,
    IRoutingJobs jobs,
    IOptions<RoutingOptions> options,
    TimeProvider clock,
    ILogger<ReplyIntake> logger)
{
    /// <summary>A message seen before: only a relay that a crash interrupted is resumed.</summary>
    public async Task ResumeAsync(string messageId, CancellationToken ct)
    {
        if (await answers.FindUnrelayedAsync(messageId, ct) is { } pending)
        {
            jobs.RelayAnswer(pending);
        }
    }

    /// <param name="dmarc">Our receiving server's verdict on the sender's domain.</param>
    public async Task AcceptAsync(IncomingMail mail, DmarcVerdict dmarc, RecipientMatch match, string messageId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(match);
        if (dmarc == DmarcVerdict.Fail)
        {
            // The From header may be forged: a tutor decides, nothing reaches the learner on its word.
            await answers.HoldAsync(match.QuestionId, mail.FromAddress ?? "", mail.NewText, HeldReasons.DmarcFail, null, messageId, ct);
            LogHeld(match.QuestionId);
            return;
        }

        if (clock.GetUtcNow().UtcDateTime - match.AskedAt > options.Value.ReplyTokenLifetime)
        {
            await answers.HoldAsync(match.QuestionId, mail.FromAddress ?? "", mail.NewText, HeldReasons.TokenExpired, null, messageId, ct);
            LogHeld(match.QuestionId);
            return;
        }

        if (mail.HoldReason is { } holdReason)
        {
            await answers.HoldAsync(match.QuestionId, mail.FromAddress ?? "", "", HeldReasons.Unreadable, holdReason, messageId, ct);
            LogHeld(match.QuestionId);
            return;
        }

        if (!string.Equals(mail.FromAddress, match.Email, StringComparison.OrdinalIgnoreCase))
        {
            await answers.HoldAsync(match.QuestionId, mail.FromAddress ?? "", mail.NewText, HeldReasons.NotRecipient, null, messageId, ct);
            LogHeld(match.QuestionId);
            return;
        }

        if (string.IsNullOrWhiteSpace(mail.NewText) && mail.Images.Count == 0 && mail.TooLargeImages.Count == 0)
        {
            await answers.RecordAsync(messageId, mail.FromAddress, "unmatched", match.QuestionId, "empty reply", ct);
            return;
        }

        var images = await SaveImagesAsync(match.QuestionId, mail.Images, ct);
        // Named in the relay ("too large to show, ask the sender"), so the learner knows something is missing.
        images.AddRange(mail.TooLargeImages.Select(i => new AnswerImage(i.FileName, i.ContentType, null, null, i.Bytes, TooLarge: true)));
        var stored = await answers.StoreAnswerAsync(
            new NewAnswer(match.QuestionId, match.PersonId, match.RecipientId, mail.NewText, images, messageId, mail.FromAddress), ct);
        if (stored is { Relay: true })
        {
            jobs.RelayAnswer(stored.AnswerId);
        }

        LogAnswer(match.QuestionId, match.Role);
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
                saved.Add(new AnswerImage(image.FileName, image.ContentType, uploadId, null, image.Content.LongLength));
            }
            else
            {
                saved.Add(new AnswerImage(image.FileName, image.ContentType, null, Convert.ToBase64String(image.Content), image.Content.LongLength));
            }
        }

        return saved;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Answer by email to question {QuestionId} from a {Role}")]
    private partial void LogAnswer(Guid questionId, string role);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reply to question {QuestionId} held: the sender is not a recipient")]
    private partial void LogHeld(Guid questionId);
}
