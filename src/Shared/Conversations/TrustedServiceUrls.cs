using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// The serviceUrls seen on authenticated inbound requests: the only hosts (besides the
/// configured allow-list) the bot sends its Connector token to, for <see cref="Lifetime"/>
/// after an authenticated request last brought them.
/// </summary>
public interface ITrustedServiceUrls
{
    /// <summary>
    /// A channel that has not called for this long must call again before the bot sends it its token:
    /// a serviceUrl given up (a retired region, a removed channel) stops being trusted on its own.
    /// </summary>
    static readonly TimeSpan Lifetime = TimeSpan.FromDays(30);

    /// <param name="serviceUrl">A normalised base URL (see <see cref="ServiceUrlGuard.Normalize"/>).</param>
    /// <param name="trustedBy">How it was trusted (the channel and the issuer of the token that brought it), kept for audits.</param>
    Task RecordAsync(Uri serviceUrl, string trustedBy, CancellationToken cancellationToken);

    /// <param name="serviceUrl">A normalised base URL (see <see cref="ServiceUrlGuard.Normalize"/>).</param>
    Task<bool> IsTrustedAsync(Uri serviceUrl, CancellationToken cancellationToken);
}

/// <summary>
/// Owns supportbot.trusted_service_urls: what one instance saw, every instance trusts, also after a
/// restart. Recording an already known URL within <see cref="RefreshInterval"/> skips the write, so
/// a busy channel does not update the row on every activity.
/// </summary>
public sealed class PostgresTrustedServiceUrls(NpgsqlDataSource db, TimeProvider clock) : ITrustedServiceUrls
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, DateTimeOffset> recorded = new(StringComparer.Ordinal);

    public async Task RecordAsync(Uri serviceUrl, string trustedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var url = serviceUrl.AbsoluteUri;
        var now = clock.GetUtcNow();
        if (recorded.TryGetValue(url, out var at) && now - at < RefreshInterval)
        {
            return;
        }

        await using var c = await db.OpenConnectionAsync(cancellationToken);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.trusted_service_urls (service_url, first_seen_at, last_seen_at, trusted_by) VALUES (@url, @now, @now, @trustedBy)
            ON CONFLICT (service_url) DO UPDATE SET last_seen_at = @now, trusted_by = @trustedBy
            """, new { url, now = now.UtcDateTime, trustedBy }, cancellationToken: cancellationToken));
        recorded[url] = now;
    }

    public async Task<bool> IsTrustedAsync(Uri serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        var now = clock.GetUtcNow();
        if (recorded.TryGetValue(serviceUrl.AbsoluteUri, out var at) && now - at < ITrustedServiceUrls.Lifetime)
        {
            return true;
        }

        await using var c = await db.OpenConnectionAsync(cancellationToken);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.trusted_service_urls WHERE service_url = @url AND last_seen_at > @since)",
            new { url = serviceUrl.AbsoluteUri, since = (now - ITrustedServiceUrls.Lifetime).UtcDateTime }, cancellationToken: cancellationToken));
    }
}

/// <summary>One process's memory, for tests without a database; a restarted bot trusts again once a channel calls it.</summary>
internal sealed class InMemoryTrustedServiceUrls(TimeProvider clock) : ITrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> urls = new(StringComparer.Ordinal);

    public Task RecordAsync(Uri serviceUrl, string trustedBy, CancellationToken cancellationToken)
    {
        urls[serviceUrl.AbsoluteUri] = clock.GetUtcNow();
        return Task.CompletedTask;
    }

    public Task<bool> IsTrustedAsync(Uri serviceUrl, CancellationToken cancellationToken) =>
        Task.FromResult(urls.TryGetValue(serviceUrl.AbsoluteUri, out var at) && clock.GetUtcNow() - at < ITrustedServiceUrls.Lifetime);
}
