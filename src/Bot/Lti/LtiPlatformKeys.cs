using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Shared.Lti;

namespace SupportBot.Bot.Lti;

/// <summary>
/// Each platform's signing keys from its JWKS URL, kept an hour; a token signed with a key id not
/// seen yet (the platform rotated its keys) refetches at most once a minute.
/// </summary>
internal sealed partial class LtiPlatformKeys(IHttpClientFactory http, TimeProvider clock, ILogger<LtiPlatformKeys> log)
{
    public const string HttpClientName = "lti-jwks";
    private static readonly TimeSpan KeepFor = TimeSpan.FromHours(1);
    private static readonly TimeSpan RefetchAfter = TimeSpan.FromMinutes(1);
    private readonly ConcurrentDictionary<string, (IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt)> cache = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<SecurityKey>> GetAsync(LtiPlatform platform, string? keyId, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (cache.TryGetValue(platform.KeySetUrl, out var cached))
        {
            var fresh = now - cached.FetchedAt < KeepFor;
            var knowsKey = keyId is null || cached.Keys.Any(k => k.KeyId == keyId);
            if (fresh && (knowsKey || now - cached.FetchedAt < RefetchAfter))
            {
                return cached.Keys;
            }
        }

        try
        {
            var json = await http.CreateClient(HttpClientName).GetStringAsync(new Uri(platform.KeySetUrl), ct);
            IReadOnlyList<SecurityKey> keys = [.. new JsonWebKeySet(json).GetSigningKeys()];
            cache[platform.KeySetUrl] = (keys, now);
            return keys;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or ArgumentException)
        {
            LogUnreachable(log, platform.Name, platform.KeySetUrl, e.Message);
            // A platform briefly down still launches with the keys it published last.
            return cached.Keys ?? [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LTI platform {Platform}: keyset {Url} unreachable ({Reason})")]
    private static partial void LogUnreachable(ILogger logger, string platform, string url, string reason);
}
