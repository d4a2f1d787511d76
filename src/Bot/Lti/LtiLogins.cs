using System.Buffers.Text;
using System.Security.Cryptography;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Shared.Lti;

namespace SupportBot.Bot.Lti;

internal sealed record LtiLogin(string State, string Nonce);

internal enum LtiLoginUse
{
    Ok,
    Unknown,
    AlreadyUsed,
    Expired,
}

/// <summary>
/// The state and nonce of each login, in PostgreSQL so any bot instance can take the launch, and
/// consumed in one statement so a launch (and its nonce) works once.
/// </summary>
internal sealed class LtiLogins(NpgsqlDataSource db, IOptions<LtiOptions> options, TimeProvider clock)
{
    public async Task<LtiLogin> StartAsync(string platform, CancellationToken ct)
    {
        var login = new LtiLogin(Random(), Random());
        var now = clock.GetUtcNow();
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            DELETE FROM supportbot.lti_logins WHERE created_at < @old;
            INSERT INTO supportbot.lti_logins (state, nonce, platform, created_at) VALUES (@State, @Nonce, @platform, @now);
            """, new { login.State, login.Nonce, platform, now, old = now.AddDays(-1) }, cancellationToken: ct));
        return login;
    }

    /// <summary>Marks the login used and returns its nonce and platform; a second call gets AlreadyUsed.</summary>
    public async Task<(LtiLoginUse Use, string? Nonce, string? Platform)> ConsumeAsync(string state, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<(string Nonce, string Platform, DateTimeOffset CreatedAt, bool WasUsed)?>(new CommandDefinition("""
            WITH previous AS (SELECT state, used_at IS NOT NULL AS was_used FROM supportbot.lti_logins WHERE state = @state FOR UPDATE)
            UPDATE supportbot.lti_logins l SET used_at = COALESCE(l.used_at, @now)
            FROM previous WHERE l.state = previous.state
            RETURNING l.nonce, l.platform, l.created_at, previous.was_used
            """, new { state, now }, cancellationToken: ct));
        return row switch
        {
            null => (LtiLoginUse.Unknown, null, null),
            { WasUsed: true } => (LtiLoginUse.AlreadyUsed, null, null),
            var r when r.Value.CreatedAt + options.Value.LoginLifetime < now => (LtiLoginUse.Expired, null, null),
            var r => (LtiLoginUse.Ok, r.Value.Nonce, r.Value.Platform),
        };
    }

    private static string Random() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
