using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// Decides where the bot may send its Connector token: a serviceUrl seen on an authenticated
/// inbound request or under a configured allow-list entry; https only. Loopback URLs (a local
/// fake Connector, the Agents Playground) only in Development.
/// </summary>
public sealed class ServiceUrlGuard(ITrustedServiceUrls trusted, IOptions<BotOptions> options, IHostEnvironment environment)
{
    /// <summary>Remembers the serviceUrl of an activity whose token was valid (never call it for an unauthenticated one).</summary>
    /// <param name="trustedBy">How: the channel and the issuer of the token that brought it.</param>
    /// <exception cref="ServiceUrlRefusedException">Not an absolute https URL (loopback only in Development).</exception>
    public Task RecordTrustedAsync(string serviceUrl, string trustedBy, CancellationToken cancellationToken) =>
        trusted.RecordAsync(NormalizeOrRefuse(serviceUrl), trustedBy, cancellationToken);

    /// <summary>An absolute https URL, or a loopback one in Development: the only serviceUrls an activity may carry.</summary>
    public bool IsAcceptable(string? serviceUrl) =>
        Normalize(serviceUrl) is { } uri && (IsLoopback(uri) ? environment.IsDevelopment() : uri.Scheme == Uri.UriSchemeHttps);

    /// <summary>The normalised base URL to send to.</summary>
    /// <exception cref="ServiceUrlRefusedException">The URL is malformed, not https, loopback outside Development, or neither seen nor allowed.</exception>
    public async Task<Uri> EnsureAllowedAsync(string serviceUrl, CancellationToken cancellationToken)
    {
        var url = NormalizeOrRefuse(serviceUrl);
        if (options.Value.AllowedServiceUrls.Any(allowed => IsUnder(url, allowed)))
        {
            return url;
        }

        // A developer's unauthenticated bot (Agents Playground) answers its local channel, which it cannot have seen authenticated.
        if (!options.Value.AuthenticationEnabled && options.Value.AllowUnauthenticated && IsLoopback(url))
        {
            return url;
        }

        if (await trusted.IsTrustedAsync(url, cancellationToken))
        {
            return url;
        }

        throw new ServiceUrlRefusedException(serviceUrl,
            $"it was never seen on an authenticated request to /api/messages and is not under {BotOptions.SectionName}:{nameof(BotOptions.AllowedServiceUrls)}");
    }

    /// <summary>Scheme and host lower-cased, no query, fragment or user info, path ending in '/'; null if not an http(s) URL.</summary>
    public static Uri? Normalize(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return null;
        }

        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        return new UriBuilder(uri.Scheme, uri.Host, uri.Port, path).Uri;
    }

    /// <summary>https, or http on loopback: the shape check for configured URLs (metadata, token endpoint) and inbound activities.</summary>
    public static bool IsSecureOrLoopback(string? url) =>
        Normalize(url) is { } uri && (uri.Scheme == Uri.UriSchemeHttps || IsLoopback(uri));

    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));

    private Uri NormalizeOrRefuse(string serviceUrl)
    {
        var url = Normalize(serviceUrl) ?? throw new ServiceUrlRefusedException(serviceUrl, "it is not an absolute http(s) URL");
        if (IsLoopback(url) && !environment.IsDevelopment())
        {
            throw new ServiceUrlRefusedException(serviceUrl, $"loopback addresses are only allowed in Development (the environment is {environment.EnvironmentName})");
        }

        if (url.Scheme != Uri.UriSchemeHttps && !IsLoopback(url))
        {
            throw new ServiceUrlRefusedException(serviceUrl, "only https is allowed (http only for localhost)");
        }

        return url;
    }

    private static bool IsUnder(Uri url, string allowed) =>
        Normalize(allowed) is { } prefix
        && url.AbsoluteUri.StartsWith(prefix.AbsoluteUri, StringComparison.Ordinal);
}

/// <summary>The bot refused to send (and so to hand its token) to a serviceUrl it has no reason to trust.</summary>
public sealed class ServiceUrlRefusedException(string serviceUrl, string reason)
    : InvalidOperationException($"Refusing to send to serviceUrl '{serviceUrl}': {reason}.")
{
    public string ServiceUrl { get; } = serviceUrl;
}
