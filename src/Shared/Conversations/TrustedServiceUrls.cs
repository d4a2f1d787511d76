using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// The serviceUrls seen on authenticated inbound requests: the only hosts (besides the
/// configured allow-list) the bot sends its Connector token to.
/// </summary>
public interface ITrustedServiceUrls
{
    /// <param name="serviceUrl">A normalised base URL (see <see cref="ServiceUrlGuard.Normalize"/>).</param>
    Task RecordAsync(Uri serviceUrl, CancellationToken cancellationToken);

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

    public async Task RecordAsync(Uri serviceUrl, CancellationToken cancellationToken)
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
            INSERT INTO supportbot.trusted_service_urls (service_url) VALUES (@url)
            ON CONFLICT (service_url) DO UPDATE SET last_seen_at = now()
            """, new { url }, cancellationToken: cancellationToken));
        recorded[url] = now;
    }

    public async Task<bool> IsTrustedAsync(Uri serviceUrl, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(serviceUrl);
        if (recorded.ContainsKey(serviceUrl.AbsoluteUri))
        {
            return true;
        }

        await using var c = await db.OpenConnectionAsync(cancellationToken);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.trusted_service_urls WHERE service_url = @url)",
            new { url = serviceUrl.AbsoluteUri }, cancellationToken: cancellationToken));
    }
}

/// <summary>One process's memory, for tests without a database; a restarted bot trusts again once a channel calls it.</summary>
internal sealed class InMemoryTrustedServiceUrls : ITrustedServiceUrls
{
    private readonly ConcurrentDictionary<string, byte> urls = new(StringComparer.Ordinal);

    public Task RecordAsync(Uri serviceUrl, CancellationToken cancellationToken)
    {
        urls.TryAdd(serviceUrl.AbsoluteUri, 0);
        return Task.CompletedTask;
    }

    public Task<bool> IsTrustedAsync(Uri serviceUrl, CancellationToken cancellationToken) =>
        Task.FromResult(urls.ContainsKey(serviceUrl.AbsoluteUri));
}
