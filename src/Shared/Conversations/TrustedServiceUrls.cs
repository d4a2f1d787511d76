using System.Collections.Concurrent;

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

/// <summary>One process's memory; a bot restarted or scaled out trusts again once a channel calls it.</summary>
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
