using Dapper;
using Npgsql;

namespace SupportBot.Shared.Email;

/// <summary>
/// Owns supportbot.email_bounces: addresses that failed, checked by every sender before sending. Each
/// bounce adds to the address's score (hard <see cref="HardWeight"/>, a delay <see cref="SoftWeight"/>),
/// which halves every <see cref="HalfLife"/>; mail stops while it is at least 1. So a hard bounce stops
/// mail at once and for about a month, three delays close together stop it, delays weeks apart never
/// add up, and a mailbox that came back is tried again.
/// </summary>
public sealed class EmailBounces(NpgsqlDataSource db)
{
    /// <summary>Delays in a row that stop mail, like one hard bounce.</summary>
    public const int TransientLimit = 3;

    public const double HardWeight = 2;

    public const double SoftWeight = 0.4;

    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(30);

    public async Task RecordAsync(string address, bool permanent, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO supportbot.email_bounces AS b (email, permanent, score, scored_at) VALUES (lower(@address), @permanent, @weight, now())
            ON CONFLICT (email) DO UPDATE SET permanent = b.permanent OR excluded.permanent,
                last_bounce_at = now(), bounce_count = b.bounce_count + 1,
                score = {ScoreNow("b.")} + excluded.score, scored_at = now()
            """, new { address, permanent, weight = permanent ? HardWeight : SoftWeight }, cancellationToken: ct));
    }

    /// <summary>
    /// Records a report only for the addresses we sent the reported message to (by its Message-ID in
    /// the send log): a plain email carrying "X-Failed-Recipients: tutor@…", or a report about mail we
    /// never sent, marks nobody. A report naming no address counts for that message's recipient.
    /// </summary>
    /// <returns>The addresses recorded.</returns>
    public async Task<IReadOnlyList<string>> RecordIfOursAsync(Incoming.BounceReport report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.OriginalMessageIds.Count == 0)
        {
            return [];
        }

        List<string> recipients;
        await using (var c = await db.OpenConnectionAsync(ct))
        {
            recipients = (await c.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT lower(recipient) FROM supportbot.send_log WHERE channel = 'email' AND message_id = ANY(@ids)",
                new { ids = report.OriginalMessageIds.ToArray() }, cancellationToken: ct))).ToList();
        }

        List<string> failed = report.FailedRecipients.Count == 0
            ? recipients
            : [.. report.FailedRecipients.Select(a => a.ToLowerInvariant()).Where(recipients.Contains).Distinct()];
        foreach (var address in failed)
        {
            await RecordAsync(address, report.IsPermanent, ct);
        }

        return failed;
    }

    /// <summary>
    /// Records a bounce that came back to the signed return path of the message <paramref name="messageId"/>:
    /// it counts for whoever the send log says that message went to, whatever addresses the report names
    /// (a forwarded mailbox reports its final address, not the one we wrote to).
    /// </summary>
    /// <returns>The addresses recorded; none when the send log has no such message.</returns>
    public async Task<IReadOnlyList<string>> RecordForSentMessageAsync(string messageId, bool permanent, CancellationToken ct)
    {
        List<string> recipients;
        await using (var c = await db.OpenConnectionAsync(ct))
        {
            recipients = (await c.QueryAsync<string>(new CommandDefinition(
                "SELECT DISTINCT lower(recipient) FROM supportbot.send_log WHERE channel = 'email' AND message_id = @messageId",
                new { messageId }, cancellationToken: ct))).ToList();
        }

        foreach (var address in recipients)
        {
            await RecordAsync(address, permanent, ct);
        }

        return recipients;
    }

    public async Task<bool> IsBouncingAsync(string address, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.email_bounces WHERE email = lower(@address) AND " + BouncingCondition + ")",
            new { address }, cancellationToken: ct));
    }

    /// <summary>The addresses mail currently stops for, highest score first (the admins' bounces page).</summary>
    public async Task<IReadOnlyList<BouncingAddress>> ListBouncingAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<BouncingAddress>(new CommandDefinition($"""
            SELECT email AS Email, {ScoreNow("")} AS Score, permanent AS EverHard, bounce_count AS Count, last_bounce_at AS LastBounceAt
            FROM supportbot.email_bounces WHERE {BouncingCondition} ORDER BY 2 DESC, email LIMIT 500
            """, cancellationToken: ct))];
    }

    /// <summary>An admin says the address works again (mailbox fixed, typo corrected): mail to it resumes.</summary>
    /// <returns>False when the address was not recorded.</returns>
    public async Task<bool> ClearAsync(string address, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM supportbot.email_bounces WHERE email = lower(@address)", new { address }, cancellationToken: ct)) == 1;
    }

    /// <summary>The SQL condition on an email_bounces row (alias-free) that stops sending.</summary>
    internal static readonly string BouncingCondition = $"({ScoreNow("")} >= 1)";

    /// <summary>The row's score decayed to now, in SQL.</summary>
    private static string ScoreNow(string alias) => FormattableString.Invariant(
        $"({alias}score * power(0.5, extract(epoch FROM now() - {alias}scored_at) / {HalfLife.TotalSeconds}))");
}

/// <summary>An address mail stops for, with its decayed score.</summary>
public sealed record BouncingAddress(string Email, double Score, bool EverHard, int Count, DateTime LastBounceAt);
