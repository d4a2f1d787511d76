using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Lti;

/// <summary>
/// Every platform registration: the settings' (Lti:Platforms), then the admin pages'. A settings
/// entry wins over a stored one with the same name, or the same issuer and client id: what the
/// server's operator wrote cannot be overridden from a web page.
/// </summary>
public sealed class LtiPlatforms(IOptions<LtiOptions> options, LtiPlatformStore store)
{
    public async Task<IReadOnlyList<LtiPlatform>> AllAsync(CancellationToken ct)
    {
        var settings = options.Value.Platforms;
        var stored = await store.ListAsync(ct);
        return [.. settings, .. stored.Where(p => !settings.Any(s => Collides(s, p)))];
    }

    /// <summary>The platform a login names: its issuer, and its client id when the login gives one.</summary>
    public async Task<LtiPlatform?> FindAsync(string? issuer, string? clientId, CancellationToken ct) =>
        (await AllAsync(ct)).FirstOrDefault(p => p.Issuer == issuer && (clientId is null || p.ClientId == clientId));

    public async Task<LtiPlatform?> FindByNameAsync(string? name, CancellationToken ct) =>
        (await AllAsync(ct)).FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The settings entry a registration from the admin pages would collide with, if any.</summary>
    public LtiPlatform? SettingsEntryLike(LtiPlatform platform) => options.Value.Platforms.FirstOrDefault(s => Collides(s, platform));

    private static bool Collides(LtiPlatform a, LtiPlatform b) =>
        string.Equals(a.Name, b.Name, StringComparison.OrdinalIgnoreCase) || (a.Issuer == b.Issuer && a.ClientId == b.ClientId);
}
