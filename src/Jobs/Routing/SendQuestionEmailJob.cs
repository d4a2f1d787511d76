using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Email.Replies;
using SupportBot.Shared.Routing;
using SupportBot.Shared.Templates;

namespace SupportBot.Jobs.Routing;

/// <summary>
/// Emails the question to one recipient through the send log: running it twice sends once; an
/// SMTP outage makes it throw (Hangfire retries) with nothing marked sent. A question answered,
/// resolved or cancelled before the send is skipped.
/// </summary>
public sealed class SendQuestionEmailJob(RecipientStore recipients, AnswerStore answers, QuestionEmails emails, EmailDelivery delivery)
{
    public async Task RunAsync(long questionRecipientId, CancellationToken ct)
    {
        if (await recipients.FindMailAsync(questionRecipientId, ct) is not { } r)
        {
            return;
        }

        var message = await emails.QuestionAsync(r, reminder: false, thread: null, await answers.ListEarlierAsync(r.QuestionId, ct));
        // Recorded before sending: a reply threading on it must match even if we crash right after the send.
        await recipients.SetMessageIdAsync(r.RecipientId, message.MessageId!, ct);
        await recipients.RecordSentTextsAsync(r.RecipientId, SentCopy.TextsOf(message), ct);
        await delivery.SendAsync(
            RoutingSendKeys.Ask(r), new MailTarget(r.Email, r.PersonId, EmailCategories.RoutedQuestions), message, null, ct,
            QuestionStatus.Waiting.Contains(r.QuestionStatus) ? null : $"question is {r.QuestionStatus}");
    }
}
