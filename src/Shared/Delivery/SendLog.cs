using Dapper;
using Microsoft.Extensions.Options;
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
/// (<see cref="Email.Outgoing.MessageIds.For"/>), claims the row (<see cref="TryBeginAsync"/>)
/// before the SMTP call and marks it 'sent' (<see cref="MarkSentAsync"/>) after it. The claim is
/// one atomic statement that takes the row only if it is new, 'failed', or 'pending' under a lease
/// that ran out (Delivery:ClaimLease): two runs of the same job racing for a key cannot both win,
/// and the loser throws <see cref="SendInProgressException"/> so the job is retried and then finds
/// the key sent. A crash between claim and mark leaves the row 'pending' under its lease; once the
/// lease runs out a retry sends again, at most once more, with the same Message-ID, which the
/// recipient's mail client dedupes. An SMTP failure marks the row 'failed' and the job throws, so
/// Hangfire retries it; 'sent' and 'skipped' rows are never sent again. Chat sends work the same
/// way, keyed by the answer.
/// </remarks>
public sealed class SendLog(NpgsqlDataSource db, IOptions<DeliveryOptions> options)
{
    public const string Email = "email";
    public const string Chat = "chat";

    // Which host and process held a claim, for whoever reads a stuck row.
    private static readonly string Claimant = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>
    /// Claims the key for a send attempt: true when the caller should send now (a new key, a
    /// 'failed' one, or a 'pending' one whose claimer's lease ran out), false when it was already
    /// sent or skipped.
    /// </summary>
    /// <exception cref="SendInProgressException">Another attempt holds the key under a live lease: not yet, come back once <see cref="SendInProgressException.RetryAfter"/> has passed.</exception>
    public async Task<bool> TryBeginAsync(string key, string channel, string recipient, CancellationToken ct)
    {
        var claim = await ClaimAsync(key, channel, recipient, ct);
        return claim.State switch
        {
            SendClaimState.Claimed => true,
            SendClaimState.Handled => false,
            _ => throw new SendInProgressException(key, claim.HeldFor),
        };
    }

    /// <summary>
    /// Claims the key for a send attempt. <see cref="SendClaimState.Held"/> is "not yet", never a
    /// failure: another attempt (perhaps a killed one) holds the key for <see cref="SendClaim.HeldFor"/>
    /// more; after that the key is claimable again.
    /// </summary>
    public async Task<SendClaim> ClaimAsync(string key, string channel, string recipient, CancellationToken ct)
    {
        var claimedBy = $"{Claimant}:{Guid.NewGuid():N}";
        await using var c = await db.OpenConnectionAsync(ct);
        // ON CONFLICT DO UPDATE locks the row and re-checks the WHERE on its latest version, so of
        // concurrent claimers exactly one gets a row back.
        var claimed = await c.ExecuteScalarAsync<bool?>(new CommandDefinition("""
            INSERT INTO supportbot.send_log AS s (key, channel, recipient, status, attempts, claimed_by, claimed_until)
            VALUES (@key, @channel, @recipient, 'pending', 1, @claimedBy, now() + @lease)
            ON CONFLICT (key) DO UPDATE SET status = 'pending', attempts = s.attempts + 1, recipient = excluded.recipient,
                    claimed_by = excluded.claimed_by, claimed_until = excluded.claimed_until
                WHERE s.status = 'failed'
                   OR (s.status = 'pending' AND (s.claimed_until IS NULL OR s.claimed_until < now()))
            RETURNING true
            """, new { key, channel, recipient, claimedBy, lease = options.Value.ClaimLease }, cancellationToken: ct));
        if (claimed == true)
        {
            return new SendClaim(SendClaimState.Claimed, TimeSpan.Zero);
        }

        var row = await c.QuerySingleOrDefaultAsync<(string Status, double HeldSeconds)>(new CommandDefinition("""
            SELECT status, GREATEST(0, EXTRACT(EPOCH FROM (claimed_until - now())))::float8 FROM supportbot.send_log WHERE key = @key
            """, new { key }, cancellationToken: ct));
        return row.Status is "sent" or "skipped"
            ? new SendClaim(SendClaimState.Handled, TimeSpan.Zero)
            // The lease may run out between the two statements: "held for 0" means "try again now".
            : new SendClaim(SendClaimState.Held, TimeSpan.FromSeconds(row.HeldSeconds));
    }

    public async Task MarkSentAsync(string key, string? messageId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.send_log SET status = 'sent', message_id = @messageId, sent_at = now(), detail = NULL, claimed_until = NULL WHERE key = @key
            """, new { key, messageId }, cancellationToken: ct));
    }

    /// <summary>Records why the attempt failed; the row stays retryable.</summary>
    public async Task MarkFailedAsync(string key, string detail, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.send_log SET status = 'failed', detail = @detail, claimed_until = NULL WHERE key = @key AND status <> 'sent'
            """, new { key, detail }, cancellationToken: ct));
    }

    /// <summary>Decided not to send (opted out, bouncing, question closed): never tried again.</summary>
    public async Task MarkSkippedAsync(string key, string reason, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.send_log SET status = 'skipped', detail = @reason, claimed_until = NULL WHERE key = @key AND status <> 'sent'
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

public enum SendClaimState
{
    /// <summary>This attempt holds the key: send, then mark it.</summary>
    Claimed,

    /// <summary>Sent or skipped before: nothing to do.</summary>
    Handled,

    /// <summary>Another attempt holds the key under a live lease: not yet.</summary>
    Held,
}

/// <param name="HeldFor">For <see cref="SendClaimState.Held"/>: how long the other attempt's lease still runs.</param>
public sealed record SendClaim(SendClaimState State, TimeSpan HeldFor);

/// <summary>
/// Another attempt is sending this message right now (its claim has not run out). Nothing was
/// sent and nothing failed: it means "not yet". Jobs are rescheduled without using up a retry
/// (<c>NotYetRetryFilter</c> in the jobs host), campaign deliveries are put back as due; either
/// way they find the message sent, or the claim expired and the message still to send.
/// </summary>
public sealed class SendInProgressException(string key, TimeSpan retryAfter)
    : InvalidOperationException($"Another attempt is sending '{key}' (its send-log claim has not run out); retry later.")
{
    public string Key { get; } = key;

    /// <summary>How long the other attempt's claim still runs.</summary>
    public TimeSpan RetryAfter { get; } = retryAfter;
}
