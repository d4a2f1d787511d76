using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Routing;
using SupportBot.Shared.Templates;

namespace SupportBot.Jobs.Routing;

/// <summary>Thanks by email each peer or tutor who answered a question the learner marked solved; once each.</summary>
public sealed class ThankPeerJob(QuestionStore questions, RecipientStore recipients, QuestionEmails emails, EmailDelivery delivery)
{
    public async Task RunAsync(Guid questionId, CancellationToken ct)
    {
        if (await questions.FindAsync(questionId, ct) is not { Status: QuestionStatus.Resolved })
        {
            return;
        }

        foreach (var r in await recipients.ListAnsweredAsync(questionId, ct))
        {
            var message = await emails.ThanksAsync(r);
            await delivery.SendAsync(
                RoutingSendKeys.Thanks(questionId, r.PersonId), new MailTarget(r.Email, r.PersonId, EmailCategories.RoutedQuestions), message, null, ct);
        }
    }
}
