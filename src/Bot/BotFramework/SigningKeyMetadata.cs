using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace SupportBot.Bot.BotFramework;

/// <summary>
/// An issuer's OpenID metadata and signing keys, held by IdentityModel's
/// <see cref="ConfigurationManager{T}"/> alone: fetched again on its schedule
/// (<see cref="ConfigurationManager{T}.DefaultAutomaticRefreshInterval"/>), and at once when a token
/// names a key id it does not know (keys rotate), at most once per <see cref="ForcedRefreshInterval"/>
/// so forged key ids cannot make the bot hammer the issuer. A key set fetched early replaces the
/// cached one and expires like it: a key the issuer withdraws stops being accepted at the next fetch.
/// </summary>
internal sealed class SigningKeyMetadata
{
    public static readonly TimeSpan ForcedRefreshInterval = TimeSpan.FromMinutes(5);

    private readonly ConfigurationManager<OpenIdConnectConfiguration> cache;

    public SigningKeyMetadata(string address, IDocumentRetriever documents, TimeSpan? forcedRefreshInterval = null)
    {
        cache = new ConfigurationManager<OpenIdConnectConfiguration>(address, new OpenIdConnectConfigurationRetriever(), documents)
        {
            RefreshInterval = forcedRefreshInterval ?? ForcedRefreshInterval,
        };
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

        // Honoured at most once per RefreshInterval; otherwise the cached set comes back and the token is refused.
        // The fetch happens in this call: Directory.Build.props sets IdentityModel's UpdateConfigAsBlocking switch.
        cache.RequestRefresh();
        return await cache.GetConfigurationAsync(cancellationToken);
    }

    private static bool HasKey(OpenIdConnectConfiguration metadata, string kid) =>
        metadata.SigningKeys.Any(k => string.Equals(k.KeyId, kid, StringComparison.Ordinal));
}
