using MimeKit;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Nudges;

/// <summary>
/// Sends one message to a learner where they can read it: in the chat when the bot can reach them
/// (their latest conversation), else by email, always under one send-log key so a re-run or a
/// double submit sends nothing twice.
/// </summary>
public sealed class LearnerDelivery(ConversationReferenceStore references, ChatSender chat, SendLog log, EmailDelivery email, MailComposer composer)
{
    /// <param name="optOutCategory">The email category the learner may have opted out of; null for a personal message.</param>
    /// <param name="replyTo">Where a reply to the email should go (the tutor who wrote it); null keeps the bot's address.</param>
    /// <returns>The outcome and the channel used (<see cref="SendLog.Chat"/> or <see cref="SendLog.Email"/>).</returns>
    public async Task<(DeliveryOutcome Outcome, string Channel)> SendAsync(string key, Recipient to, RenderedMail content,
        string? optOutCategory, MailboxAddress? replyTo, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(content);
        if (await references.FindLatestForPersonAsync(to.PersonId, ct) is { } reference)
        {
            if (!await log.TryBeginAsync(key, SendLog.Chat, reference.ConversationId, ct))
            {
                return (DeliveryOutcome.AlreadyHandled, SendLog.Chat);
            }

            try
            {
                var id = await chat.SendAsync(reference.ToReference(), new Activity
                {
                    Type = ActivityTypes.Message,
                    Text = content.Text,
                    TextFormat = TextFormats.Plain,
                    Locale = MailTemplates.LanguageOf(to.Locale) == "en" ? "en-US" : "fr-FR",
                }, ct);
                await log.MarkSentAsync(key, id, ct);
                return (DeliveryOutcome.Sent, SendLog.Chat);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await log.MarkFailedAsync(key, ex.GetType().Name + ": " + ex.Message, CancellationToken.None);
                throw;
            }
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
