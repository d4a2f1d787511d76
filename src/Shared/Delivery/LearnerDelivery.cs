using MimeKit;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Delivery;

/// <summary>
/// The one place that decides "chat, else email" for a message to a learner: in the chat when the
/// bot can reach them (<see cref="ChatOfAsync"/>), else by email, always under one send-log key so
/// a re-run or a double submit sends nothing twice. Relay, campaigns, nudges, tutor messages and
/// study groups all ask it which conversation to use.
/// </summary>
public sealed class LearnerDelivery(ConversationReferenceStore references, ChatDelivery chat, EmailDelivery email, MailComposer composer)
{
    /// <summary>
    /// The conversation to reach the person in: <paramref name="conversation"/> when it is still
    /// stored (the one a question came from), else their latest one; null when the bot cannot
    /// reach them in the chat (then: email).
    /// </summary>
    public async Task<StoredConversationReference?> ChatOfAsync(Guid? personId, CancellationToken ct, long? conversation = null)
    {
        var reference = conversation is { } id ? await references.FindAsync(id, ct) : null;
        return reference ?? (personId is { } person ? await references.FindLatestForPersonAsync(person, ct) : null);
    }

    /// <param name="optOutCategory">The email category the learner may have opted out of; null for a personal message.</param>
    /// <param name="replyTo">Where a reply to the email should go (the tutor who wrote it); null keeps the bot's address.</param>
    /// <returns>The outcome and the channel used (<see cref="SendLog.Chat"/> or <see cref="SendLog.Email"/>).</returns>
    public async Task<(DeliveryOutcome Outcome, string Channel)> SendAsync(string key, Recipient to, RenderedMail content,
        string? optOutCategory, MailboxAddress? replyTo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(content);
        if (await ChatOfAsync(to.PersonId, ct) is { } reference)
        {
            return (await chat.SendAsync(key, reference, ChatDelivery.Text(content.Text, MailTemplates.LanguageOf(to.Locale)), ct), SendLog.Chat);
        }

        var message = composer.Compose(new OutgoingEmail(key, to.Email, to.DisplayName, content,
            Unsubscribe: optOutCategory is { } category ? new UnsubscribeRequest(to.PersonId, category) : null));
        if (replyTo is not null)
        {
            message.ReplyTo.Add(replyTo);
        }

        return (await email.SendAsync(key, new MailTarget(to.Email, to.PersonId, optOutCategory), message, null, ct), SendLog.Email);
    }
}
