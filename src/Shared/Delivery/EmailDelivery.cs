using MimeKit;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Delivery;

public enum DeliveryOutcome
{
    Sent,

    /// <summary>The send log says it was sent or skipped before: nothing done.</summary>
    AlreadyHandled,

    /// <summary>Not sent, and never will be (opted out, bouncing, no longer wanted).</summary>
    Skipped,
}

/// <param name="OptOutCategory">The category the person may have opted out of; null for transactional mail.</param>
/// <param name="AlreadyChecked">The caller read opt-outs and bounces just before (a campaign chunk, in one query each).</param>
public sealed record MailTarget(string Address, Guid? PersonId, string? OptOutCategory, bool AlreadyChecked = false);

/// <summary>
/// Sends one email through the send log (see <see cref="SendLog"/> for the exactly-once story):
/// claim the key, honour opt-outs and bounces at send time, send, record the outcome. An SMTP
/// failure is recorded and rethrown so the job fails and is retried.
/// </summary>
public sealed class EmailDelivery(SendLog log, MailSender sender, PeopleStore people, EmailBounces bounces)
{
    /// <param name="message">Composed with the Message-ID derived from <paramref name="key"/>.</param>
    /// <param name="session">An open connection to reuse for a batch; null opens one for this message.</param>
    /// <param name="skipReason">Set when the caller knows the message is no longer wanted (the question was answered meanwhile).</param>
    public async Task<DeliveryOutcome> SendAsync(string key, MailTarget to, MimeMessage message, MailSession? session, CancellationToken ct, string? skipReason = null)
    {
        ArgumentNullException.ThrowIfNull(to);
        ArgumentNullException.ThrowIfNull(message);
        if (!await log.TryBeginAsync(key, SendLog.Email, to.Address, ct))
        {
            return DeliveryOutcome.AlreadyHandled;
        }

        skipReason ??= to.AlreadyChecked ? null
            : to.PersonId is { } person && to.OptOutCategory is { } category && await people.IsOptedOutAsync(person, category, ct)
            ? $"opted out of {category}"
            : await bounces.IsBouncingAsync(to.Address, ct) ? "address bounces" : null;
        if (skipReason is not null)
        {
            await log.MarkSkippedAsync(key, skipReason, ct);
            return DeliveryOutcome.Skipped;
        }

        try
        {
            if (session is null)
            {
                await sender.SendAsync(message, ct);
            }
            else
            {
                await session.SendAsync(message, ct);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await log.MarkFailedAsync(key, ex.GetType().Name + ": " + ex.Message, CancellationToken.None);
            throw;
        }

        await log.MarkSentAsync(key, message.MessageId, ct);
        return DeliveryOutcome.Sent;
    }
}
