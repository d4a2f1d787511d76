using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Email.Replies;
using SupportBot.Shared.Routing;
using SupportBot.Shared.Templates;

namespace SupportBot.Jobs.Routing;

public enum EscalationStep
{
    /// <summary>Routing:ReminderAfter: the recipients who have not answered get a reminder, threaded under the question.</summary>
    Remind,

    /// <summary>Routing:EscalateAfter: the module's tutors get the question.</summary>
    Tutor,

    /// <summary>Routing:ExpireAfter: the question expires.</summary>
    Expire,
}

/// <summary>
/// One delayed step of the escalation ladder, scheduled by RouteQuestionJob for one routing round.
/// Nothing is cancelled when the question is answered, resolved or cancelled: each step checks the
/// question's state and round first and does nothing when they moved on.
/// </summary>
public sealed class EscalateQuestionJob(
    QuestionStore questions, RecipientStore recipients, AnswerStore answers, QuestionEmails emails, EmailDelivery delivery, MailSender sender, IRoutingJobs jobs)
{
    public async Task RunAsync(Guid questionId, int round, EscalationStep step, CancellationToken ct)
    {
        switch (step)
        {
            case EscalationStep.Remind:
                await RemindAsync(questionId, round, ct);
                break;
            case EscalationStep.Tutor:
                foreach (var recipientId in await recipients.EscalateAsync(questionId, round, ct))
                {
                    jobs.SendQuestion(recipientId);
                }

                break;
            case EscalationStep.Expire:
                await recipients.ExpireAsync(questionId, round, ct);
                break;
        }
    }

    private async Task RemindAsync(Guid questionId, int round, CancellationToken ct)
    {
        var question = await questions.FindAsync(questionId, ct);
        if (question is null || question.ReopenedCount != round || question.Status is not (QuestionStatus.Routed or QuestionStatus.Escalated))
        {
            return;
        }

        MailSession? session = null;
        var earlier = await answers.ListEarlierAsync(questionId, ct);
        try
        {
            foreach (var r in await recipients.ListUnansweredAsync(questionId, round, ct))
            {
                // Reminders of one question share one SMTP connection.
                session ??= await sender.ConnectAsync(ct);
                var message = await emails.QuestionAsync(r, reminder: true, thread: r.MessageId, earlier);
                await recipients.RecordSentTextsAsync(r.RecipientId, SentCopy.TextsOf(message), ct);
                if (await delivery.SendAsync(RoutingSendKeys.Remind(r), new MailTarget(r.Email, r.PersonId, EmailCategories.RoutedQuestions), message, session, ct)
                    == DeliveryOutcome.Sent)
                {
                    await recipients.MarkRemindedAsync(r.RecipientId, ct);
                }
            }
        }
        finally
        {
            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }
}
