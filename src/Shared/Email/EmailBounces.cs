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
