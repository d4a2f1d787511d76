using Dapper;
using Npgsql;

namespace SupportBot.Shared.Email.Incoming;

/// <summary>A message the inbox reader gave up on, as tutors see it.</summary>
public sealed record QuarantinedMail(string Mailbox, long Uid, string? MessageId, string? FromAddress, string? Subject, int Attempts, string Reason, DateTime QuarantinedAt);

/// <summary>
/// Owns supportbot.inbox_attempts: how often the inbox reader started on each message (counted
/// before the handler runs, so a crash of the whole process counts), and the messages it quarantined.
/// </summary>
public sealed class InboxQuarantine(NpgsqlDataSource db)
{
    /// <summary>Why a message is quarantined when the reader never came back from it (the process died).</summary>
    public const string CrashReason = "the reader stopped while handling it (process crash or kill)";

    /// <summary>Counts one more attempt at this message and returns the count, and the error of the previous attempt if any.</summary>
    public async Task<(int Attempts, string? LastError, bool Quarantined)> BeginAsync(
        string mailbox, uint uidValidity, uint uid, string? messageId, string? fromAddress, string? subject, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleAsync<BeginRow>(new CommandDefinition(
            """
            INSERT INTO supportbot.inbox_attempts AS a (mailbox, uid_validity, uid, message_id, from_address, subject, attempts)
            VALUES (@mailbox, @uidValidity, @uid, @messageId, @fromAddress, left(@subject, 300), 1)
            ON CONFLICT (mailbox, uid_validity, uid) DO UPDATE SET attempts = a.attempts + 1, last_attempt_at = now(),
                message_id = coalesce(excluded.message_id, a.message_id), from_address = coalesce(excluded.from_address, a.from_address),
                subject = coalesce(excluded.subject, a.subject)
            RETURNING attempts AS Attempts, last_error AS LastError, quarantined_at IS NOT NULL AS Quarantined
            """,
            new { mailbox, uidValidity = (long)uidValidity, uid = (long)uid, messageId, fromAddress, subject }, cancellationToken: ct));
        return (row.Attempts, row.LastError, row.Quarantined);
    }

    /// <summary>The attempt failed: keeps the reason for the next attempt and for tutors.</summary>
    public async Task FailedAsync(string mailbox, uint uidValidity, uint uid, string error, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.inbox_attempts SET last_error = left(@error, 1000) WHERE mailbox = @mailbox AND uid_validity = @uidValidity AND uid = @uid",
            new { mailbox, uidValidity = (long)uidValidity, uid = (long)uid, error }, cancellationToken: ct));
    }

    /// <summary>An outage, not the message's fault: the attempt does not count.</summary>
    public async Task UncountAsync(string mailbox, uint uidValidity, uint uid, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.inbox_attempts SET attempts = greatest(attempts - 1, 0) WHERE mailbox = @mailbox AND uid_validity = @uidValidity AND uid = @uid",
            new { mailbox, uidValidity = (long)uidValidity, uid = (long)uid }, cancellationToken: ct));
    }

    public async Task QuarantineAsync(string mailbox, uint uidValidity, uint uid, string reason, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE supportbot.inbox_attempts SET quarantined_at = coalesce(quarantined_at, now()), last_error = left(@reason, 1000)
            WHERE mailbox = @mailbox AND uid_validity = @uidValidity AND uid = @uid
            """,
            new { mailbox, uidValidity = (long)uidValidity, uid = (long)uid, reason }, cancellationToken: ct));
    }

    /// <summary>Handled: nothing to remember.</summary>
    public async Task DoneAsync(string mailbox, uint uidValidity, uint uid, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM supportbot.inbox_attempts WHERE mailbox = @mailbox AND uid_validity = @uidValidity AND uid = @uid AND quarantined_at IS NULL",
            new { mailbox, uidValidity = (long)uidValidity, uid = (long)uid }, cancellationToken: ct));
    }

    /// <summary>Quarantined messages, newest first.</summary>
    public async Task<IReadOnlyList<QuarantinedMail>> ListAsync(int limit, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<QuarantinedMail>(new CommandDefinition(
            """
            SELECT mailbox AS Mailbox, uid AS Uid, message_id AS MessageId, from_address AS FromAddress, subject AS Subject,
                   attempts AS Attempts, coalesce(last_error, '') AS Reason, quarantined_at AS QuarantinedAt
            FROM supportbot.inbox_attempts WHERE quarantined_at IS NOT NULL ORDER BY quarantined_at DESC LIMIT @limit
            """,
            new { limit }, cancellationToken: ct))).ToList();
    }

    private sealed record BeginRow(int Attempts, string? LastError, bool Quarantined);
}
