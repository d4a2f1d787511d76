using Dapper;
using Npgsql;

namespace SupportBot.Shared.Delivery;

/// <summary>
/// Owns supportbot.send_log: one row per outgoing message, under a unique key that names the
/// message (<c>question:&lt;id&gt;:ask:&lt;person&gt;:r0</c>, <c>answer:&lt;id&gt;:chat</c>,
/// <c>campaign:&lt;id&gt;:&lt;person&gt;:&lt;occurrence&gt;</c>), so a retried or re-run job never sends twice.
/// </summary>
/// <remarks>
/// The exactly-once story. SMTP has no idempotency key, so "exactly once" is built around it:
/// the sender derives the Message-ID deterministically from the key before sending
/// (<see cref="Email.Outgoing.MessageIds.For"/>), marks the row 'pending' (<see cref="TryBeginAsync"/>)
/// before the SMTP call and 'sent' (<see cref="MarkSentAsync"/>) after it. A crash between the two
/// leaves the row 'pending'; the retry sends again, at most once more, with the same Message-ID,
/// which the recipient's mail client dedupes. An SMTP failure marks the row 'failed' and the job
/// throws, so Hangfire retries it; 'sent' and 'skipped' rows are never sent again. Chat sends work
/// the same way, keyed by the answer.
/// </remarks>
public sealed class SendLog(NpgsqlDataSource db)
{
    public const string Email = "email";
    public const string Chat = "chat";

    /// <summary>
    /// Claims the key for a send attempt: true when the caller should send now (a new key, or a
    /// 'pending'/'failed' one being retried), false when it was already sent or skipped.
    /// </summary>
    public async Task<bool> TryBeginAsync(string key, string channel, string recipient, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var claimed = await c.ExecuteScalarAsync<bool?>(new CommandDefinition("""
            INSERT INTO supportbot.send_log AS s (key, channel, recipient, status, attempts)
            VALUES (@key, @channel, @recipient, 'pending', 1)
            ON CONFLICT (key) DO UPDATE SET status = 'pending', attempts = s.attempts + 1, recipient = excluded.recipient
                WHERE s.status IN ('pending', 'failed')
            RETURNING true
            """, new { key, channel, recipient }, cancellationToken: ct));
        return claimed == true;
    }

    public async Task MarkSentAsync(string key, string? messageId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.send_log SET status = 'sent', message_id = @messageId, sent_at = now(), detail = NULL WHERE key = @key
            """, new { key, messageId }, cancellationToken: ct));
    }

    /// <summary>Records why the attempt failed; the row stays retryable.</summary>
    public async Task MarkFailedAsync(string key, string detail, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.send_log SET status = 'failed', detail = @detail WHERE key = @key AND status <> 'sent'
            """, new { key, detail }, cancellationToken: ct));
    }

    /// <summary>Decided not to send (opted out, bouncing, question closed): never tried again.</summary>
    public async Task MarkSkippedAsync(string key, string reason, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.send_log SET status = 'skipped', detail = @reason WHERE key = @key AND status <> 'sent'
            """, new { key, reason }, cancellationToken: ct));
    }

    public async Task<SendLogEntry?> FindAsync(string key, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<SendLogEntry>(new CommandDefinition("""
            SELECT key AS Key, channel AS Channel, recipient AS Recipient, status AS Status, message_id AS MessageId,
                   detail AS Detail, attempts AS Attempts, sent_at AS SentAt
            FROM supportbot.send_log WHERE key = @key
            """, new { key }, cancellationToken: ct));
    }
}

public sealed record SendLogEntry(string Key, string Channel, string Recipient, string Status, string? MessageId, string? Detail, int Attempts, DateTime? SentAt);
