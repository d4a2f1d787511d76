using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SupportBot.Bot.Auth;

internal enum SignInLinkFailure
{
    Unknown,
    Used,
    Expired,
}

internal sealed record SignInLinkResult(Guid? PersonId, SignInLinkFailure? Failure);

/// <summary>
/// One-time sign-in links: 256 random bits, base64url in the link, only their SHA-256 hash stored.
/// Consuming is one UPDATE guarded by "not used and not expired", so two clicks racing cannot both win.
/// </summary>
internal sealed class SignInLinks(NpgsqlDataSource db, IOptions<AuthOptions> options, TimeProvider clock)
{
    public async Task<string> CreateAsync(Guid personId, CancellationToken ct)
    {
        var token = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow().UtcDateTime;
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.tutor_sign_in_links (person_id, token_hash, created_at, expires_at)
            VALUES (@personId, @hash, @now, @expires)
            """, new { personId, hash = Hash(token), now, expires = now + options.Value.LinkLifetime }, cancellationToken: ct));
        return token;
    }

    /// <summary>How many links were made for this person since <paramref name="since"/>: the mails they were sent.</summary>
    public async Task<int> CountCreatedSinceAsync(Guid personId, DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*) FROM supportbot.tutor_sign_in_links WHERE person_id = @personId AND created_at > @since",
            new { personId, since = since.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Whether the link could still be used, without using it (the page asks for a click first).</summary>
    public async Task<SignInLinkFailure?> CheckAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return SignInLinkFailure.Unknown;
        }

        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            "SELECT expires_at AS ExpiresAt, used_at AS UsedAt FROM supportbot.tutor_sign_in_links WHERE token_hash = @hash",
            new { hash = Hash(token) }, cancellationToken: ct));
        return Classify(row);
    }

    public async Task<SignInLinkResult> ConsumeAsync(string? token, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(token) || token.Length > 100)
        {
            return new SignInLinkResult(null, SignInLinkFailure.Unknown);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var hash = Hash(token);
        await using var c = await db.OpenConnectionAsync(ct);
        var person = await c.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            UPDATE supportbot.tutor_sign_in_links SET used_at = @now
            WHERE token_hash = @hash AND used_at IS NULL AND expires_at > @now
            RETURNING person_id
            """, new { hash, now }, cancellationToken: ct));
        if (person is not null)
        {
            return new SignInLinkResult(person, null);
        }

        var row = await c.QuerySingleOrDefaultAsync<LinkRow>(new CommandDefinition(
            "SELECT expires_at AS ExpiresAt, used_at AS UsedAt FROM supportbot.tutor_sign_in_links WHERE token_hash = @hash",
            new { hash }, cancellationToken: ct));
        return new SignInLinkResult(null, Classify(row) ?? SignInLinkFailure.Used);
    }

    private SignInLinkFailure? Classify(LinkRow? row) => row switch
    {
        null => SignInLinkFailure.Unknown,
        { UsedAt: not null } => SignInLinkFailure.Used,
        { } r when r.ExpiresAt <= clock.GetUtcNow().UtcDateTime => SignInLinkFailure.Expired,
        _ => null,
    };

    private sealed record LinkRow(DateTime ExpiresAt, DateTime? UsedAt);

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.ASCII.GetBytes(token));
}
