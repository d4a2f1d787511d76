using SupportBot.Shared.Delivery;
using SupportBot.Shared.Routing;
using SupportBot.Shared.Templates;

namespace SupportBot.Jobs.Routing;

/// <summary>
/// The email copy of a relayed answer, for a learner who has not been back to the chat since
/// (and has not said "solved" or "still stuck"), or whose chat refused it for good; its images as
/// signed download links. Once, through the send log (answer:&lt;id&gt;:email).
/// </summary>
public sealed class EmailAnswerCopyJob(AnswerStore answers, QuestionEmails emails, EmailDelivery delivery, AnswerImagePlan imagePlan)
{
    public async Task RunAsync(Guid answerId, CancellationToken ct)
    {
        if (await answers.FindForRelayAsync(answerId, ct) is not { AskerEmail: { Length: > 0 } email } answer)
        {
            return;
        }

        var skip = answer.QuestionStatus != QuestionStatus.Answered ? "the learner already reacted"
            : await answers.HasLearnerBeenBackAsync(answerId, ct) ? "the learner saw it in the chat"
            : null;
        var fr = MailTemplates.LanguageOf(answer.AskerLocale ?? answer.Language) == "fr";
        var message = await emails.AnswerCopyAsync(answer, imagePlan.ForEmail(answerId, answer.Images, fr));
        await delivery.SendAsync(RoutingSendKeys.AnswerEmail(answerId), new MailTarget(email, answer.AskerId, null), message, null, ct, skip);
    }
}
