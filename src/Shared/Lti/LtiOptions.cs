using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace SupportBot.Shared.Lti;

/// <summary>LTI 1.3 (#20): the course platforms that may launch SupportBot, and the tool's own key.</summary>
public sealed class LtiOptions
{
    public const string SectionName = "Lti";

    /// <summary>One entry per platform registration (an institution's Moodle, Canvas...); empty = LTI off.</summary>
    public List<LtiPlatform> Platforms { get; set; } = [];

    /// <summary>
    /// The tool's RSA private key (PEM), published at /lti/jwks for the platform's "public keyset URL";
    /// set it in the environment (SUPPORTBOT__Lti__ToolPrivateKey). Launches do not need it; the
    /// roster sync signs its token requests with it, and the platform's registration form wants its keyset.
    /// </summary>
    public string? ToolPrivateKey { get; set; }

    /// <summary>The key id (kid) of <see cref="ToolPrivateKey"/> in the tool's JWKS.</summary>
    public string ToolKeyId { get; set; } = "supportbot-1";

    /// <summary>How long the browser has between the login redirect and the launch.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "01:00:00", ErrorMessage = "must be between 1 minute and 1 hour")]
    public TimeSpan LoginLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Clock difference tolerated between the platform and SupportBot on the token's expiry.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:05:00", ErrorMessage = "must be between 0 and 5 minutes")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<string> Problems()
    {
        for (var i = 0; i < Platforms.Count; i++)
        {
            foreach (var (field, message) in Platforms[i].Problems(IsSafeUrl))
            {
                yield return $"Lti:Platforms:{i}:{field} {message}";
            }
        }

        if (Platforms.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count() != Platforms.Count)
        {
            yield return "Lti:Platforms: two platforms have the same Name";
        }

        if (Platforms.GroupBy(p => (p.Issuer, p.ClientId)).Any(g => g.Count() > 1))
        {
            yield return "Lti:Platforms: two platforms have the same Issuer and ClientId";
        }

        if (string.IsNullOrWhiteSpace(ToolPrivateKey) && Platforms.FindIndex(p => !string.IsNullOrWhiteSpace(p.AccessTokenUrl)) is var withSync and >= 0)
        {
            yield return $"Lti:ToolPrivateKey is required for the roster sync Lti:Platforms:{withSync}:AccessTokenUrl asks for (SupportBot signs its token requests with it)";
        }

        if (!string.IsNullOrWhiteSpace(ToolPrivateKey))
        {
            string? problem = null;
            try
            {
                using var rsa = RSA.Create();
                rsa.ImportFromPem(ToolPrivateKey);
                if (rsa.KeySize < 2048)
                {
                    problem = "Lti:ToolPrivateKey must be an RSA key of at least 2048 bits";
                }
            }
            catch (Exception e) when (e is ArgumentException or CryptographicException)
            {
                problem = "Lti:ToolPrivateKey must be an RSA private key in PEM (-----BEGIN PRIVATE KEY-----)";
            }

            if (problem is not null)
            {
                yield return problem;
            }
        }
    }

    /// <summary>
    /// The rule for URLs an admin types on the platforms page: https, and plain http only on a
    /// developer's machine (Development), where a local platform has no certificate.
    /// </summary>
    internal static bool IsAllowedOnPage(string? url, bool development) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && development));

    /// <summary>Keys, logins and access tokens travel over these: https, or the loopback address a local test platform listens on.</summary>
    internal static bool IsSafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && u.IsLoopback));
}

/// <summary>A platform registration: what the platform's admin sees when adding SupportBot as an external tool.</summary>
public sealed class LtiPlatform
{
    /// <summary>A short name for logs and person ids (moodle-univ).</summary>
    public string Name { get; set; } = "";

    /// <summary>The iss of its id tokens (Moodle: the site URL; Canvas: https://canvas.instructure.com).</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The client id the platform generated for SupportBot (the tokens' audience).</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The deployment ids allowed to launch (one per place the tool is installed).</summary>
    public List<string> DeploymentIds { get; set; } = [];

    /// <summary>The platform's OIDC authorisation endpoint (Moodle: /mod/lti/auth.php).</summary>
    public string AuthenticationRequestUrl { get; set; } = "";

    /// <summary>The platform's public keyset (Moodle: /mod/lti/certs.php).</summary>
    public string KeySetUrl { get; set; } = "";

    /// <summary>
    /// The platform's OAuth2 token endpoint (Moodle: /mod/lti/token.php), for the roster sync through
    /// Names and Role Provisioning; empty = no roster sync from this platform.
    /// </summary>
    public string? AccessTokenUrl { get; set; }

    /// <summary>The SupportBot course the platform's courses become modules of (created when missing).</summary>
    public string Course { get; set; } = "";

    /// <summary>Where the registration comes from: settings (Lti:Platforms) or the admin pages.</summary>
    internal bool FromSettings { get; init; } = true;

    /// <summary>What is wrong with this registration, field by field; <paramref name="urlAllowed"/> says which URLs may carry keys and tokens.</summary>
    internal IEnumerable<(string Field, string Message)> Problems(Func<string?, bool> urlAllowed)
    {
        if (string.IsNullOrWhiteSpace(Name) || Name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_'))
        {
            yield return (nameof(Name), "is required (letters, digits, - and _), e.g. moodle-univ");
        }

        if (!Uri.TryCreate(Issuer, UriKind.Absolute, out _))
        {
            yield return (nameof(Issuer), "must be the platform's issuer URL (Moodle: its site URL, e.g. https://moodle.univ.example)");
        }

        if (string.IsNullOrWhiteSpace(ClientId))
        {
            yield return (nameof(ClientId), "is required (the client id the platform gave SupportBot)");
        }

        if (DeploymentIds.Count == 0 || DeploymentIds.Any(string.IsNullOrWhiteSpace))
        {
            yield return (nameof(DeploymentIds), "needs at least one deployment id (Moodle shows it in the tool's details)");
        }

        if (!urlAllowed(AuthenticationRequestUrl))
        {
            yield return (nameof(AuthenticationRequestUrl), "must be an https URL (Moodle: https://<site>/mod/lti/auth.php)");
        }

        if (!urlAllowed(KeySetUrl))
        {
            yield return (nameof(KeySetUrl), "must be an https URL (Moodle: https://<site>/mod/lti/certs.php)");
        }

        if (!string.IsNullOrWhiteSpace(AccessTokenUrl) && !urlAllowed(AccessTokenUrl))
        {
            yield return (nameof(AccessTokenUrl), "must be an https URL (Moodle: https://<site>/mod/lti/token.php), or empty without roster sync");
        }

        if (string.IsNullOrWhiteSpace(Course))
        {
            yield return (nameof(Course), "is required (the SupportBot course the platform's courses become modules of)");
        }
    }
}
