using Dapper;
using Npgsql;

namespace SupportBot.Shared.Email;

/// <summary>Owns supportbot.email_bounces: addresses that failed, checked by every sender before sending.</summary>
public sealed class EmailBounces(NpgsqlDataSource db)
{
    /// <summary>A delay (4.x.x) repeated this often is treated like a permanent failure.</summary>
    public const int TransientLimit = 3;

    public async Task RecordAsync(string address, bool permanent, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.email_bounces AS b (email, permanent) VALUES (lower(@address), @permanent)
            ON CONFLICT (email) DO UPDATE SET permanent = b.permanent OR excluded.permanent,
                last_bounce_at = now(), bounce_count = b.bounce_count + 1
            """, new { address, permanent }, cancellationToken: ct));
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

    public async Task<bool> IsBouncingAsync(string address, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.email_bounces WHERE email = lower(@address) AND " + BouncingCondition + ")",
            new { address }, cancellationToken: ct));
    }

    /// <summary>The SQL condition on an email_bounces row (alias-free) that stops sending.</summary>
    internal const string BouncingCondition = "(permanent OR bounce_count >= 3)";
}
