using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace SupportBot.Bot.BotFramework;

/// <summary>
/// An issuer's OpenID metadata and signing keys: cached and refreshed in the background by
/// <see cref="ConfigurationManager{T}"/>; when a token names a key id the cache does not know
/// (keys rotate), fetched again at once, at most once per <see cref="ForcedRefreshInterval"/> so
/// forged key ids cannot make the bot hammer the issuer.
/// </summary>
internal sealed class SigningKeyMetadata : IDisposable
{
    public static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly string address;
    private readonly IDocumentRetriever documents;
    private readonly TimeProvider time;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> cache;
    private readonly SemaphoreSlim forcedRefresh = new(1, 1);
    private OpenIdConnectConfiguration? forced;
    private DateTimeOffset? lastForcedAt;

    public SigningKeyMetadata(string address, IDocumentRetriever documents, TimeProvider time)
    {
        this.address = address;
        this.documents = documents;
        this.time = time;
        cache = new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), documents);
    }

    /// <summary>Metadata whose keys include <paramref name="kid"/> if the issuer publishes it.</summary>
    /// <exception cref="InvalidOperationException">The metadata or its keys could not be fetched and none is cached.</exception>
    public async Task<OpenIdConnectConfiguration> GetAsync(string? kid, CancellationToken cancellationToken)
    {
        var cached = await cache.GetConfigurationAsync(cancellationToken);
        if (string.IsNullOrEmpty(kid) || HasKey(cached, kid))
        {
            return cached;
        }

        await forcedRefresh.WaitAsync(cancellationToken);
        try
        {
            if (forced is not null && HasKey(forced, kid))
            {
                return forced;
            }

            var now = time.GetUtcNow();
            if (lastForcedAt is { } last && now - last < ForcedRefreshInterval)
            {
                return forced ?? cached;
            }

            lastForcedAt = now;
            forced = await OpenIdConnectConfigurationRetriever.GetAsync(address, documents, cancellationToken);
            // Let the cache catch up in the background so later tokens find the key there.
            cache.RequestRefresh();
            return forced;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException or ArgumentException)
        {
            throw new InvalidOperationException($"Could not refresh the OpenID metadata at {address}: {ex.Message}", ex);
        }
        finally
        {
            forcedRefresh.Release();
        }
    }

    public void Dispose() => forcedRefresh.Dispose();

    private static bool HasKey(OpenIdConnectConfiguration metadata, string kid) =>
        metadata.SigningKeys.Any(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));
}
