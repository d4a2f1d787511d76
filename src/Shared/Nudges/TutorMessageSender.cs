using MimeKit;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Nudges;

/// <param name="RequestId">Made when the tutor's form was drawn: submitting the same form twice names the same message.</param>
public sealed record TutorMessage(Guid LearnerId, Guid TutorId, string Text, Guid RequestId);

/// <summary>
/// A tutor's personal message to one learner, signed with the tutor's name, in the chat when the
/// bot can reach the learner, else by email with Reply-To the tutor. The message says how to answer
/// (write to the tutor's address), since a reply in the chat goes to the bot, not to the tutor.
/// Personal, so no opt-out category applies; bouncing addresses are still skipped.
/// </summary>
public sealed class TutorMessageSender(AudiencePages audiences, LearnerDelivery delivery, MailTemplates templates, ReplyAddresses addresses)
{
    public const int MaxLength = 4000;

    public async Task<LearnerMessageOutcome> SendAsync(TutorMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentException.ThrowIfNullOrWhiteSpace(message.Text);
        if (message.Text.Length > MaxLength)
        {
            throw new ArgumentException($"A personal message holds at most {MaxLength} characters.", nameof(message));
        }

        if (await audiences.FindRecipientAsync(message.LearnerId, ct) is not { } learner
            || await audiences.FindRecipientAsync(message.TutorId, ct) is not { } tutor)
        {
            return LearnerMessageOutcome.UnknownLearner;
        }

        var content = await templates.RenderAsync("tutor_message", MailTemplates.LanguageOf(learner.Locale), new Dictionary<string, object?>
        {
            ["recipient_first_name"] = NudgeSender.FirstName(learner.DisplayName),
            ["tutor_name"] = tutor.DisplayName,
            ["tutor_email"] = tutor.Email,
            ["text"] = message.Text.Trim(),
            ["chat_link"] = addresses.Link(""),
        });
        var key = $"tutor-message:{message.LearnerId}:{message.RequestId:N}";
        var (outcome, _) = await delivery.SendAsync(key, learner, content, null, new MailboxAddress(tutor.DisplayName, tutor.Email), ct);
        return outcome switch
        {
            DeliveryOutcome.Sent => LearnerMessageOutcome.Sent,
            DeliveryOutcome.AlreadyHandled => LearnerMessageOutcome.AlreadySent,
            _ => LearnerMessageOutcome.NotWanted,
        };
    }
}
