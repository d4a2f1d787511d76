using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;

namespace SupportBot.Bot.Lti;

/// <summary>LTI 1.3 (#20): the course platforms that may launch SupportBot, and the tool's own key.</summary>
internal sealed class LtiOptions
{
    public const string SectionName = "Lti";

    /// <summary>One entry per platform registration (an institution's Moodle, Canvas...); empty = LTI off.</summary>
    public List<LtiPlatform> Platforms { get; set; } = [];

    /// <summary>
    /// The tool's RSA private key (PEM), published at /lti/jwks for the platform's "public keyset URL";
    /// set it in the environment (SUPPORTBOT__Lti__ToolPrivateKey). Launches do not need it; the
    /// platform's registration form does.
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
            var p = Platforms[i];
            var at = $"Lti:Platforms:{i}";
            if (string.IsNullOrWhiteSpace(p.Name) || p.Name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not '-' and not '_'))
            {
                yield return $"{at}:Name is required (letters, digits, - and _), e.g. moodle-univ";
            }

            if (!Uri.TryCreate(p.Issuer, UriKind.Absolute, out _))
            {
                yield return $"{at}:Issuer must be the platform's issuer URL (Moodle: its site URL, e.g. https://moodle.univ.example)";
            }

            if (string.IsNullOrWhiteSpace(p.ClientId))
            {
                yield return $"{at}:ClientId is required (the client id the platform gave SupportBot)";
            }

            if (p.DeploymentIds.Count == 0 || p.DeploymentIds.Any(string.IsNullOrWhiteSpace))
            {
                yield return $"{at}:DeploymentIds needs at least one deployment id (Moodle shows it in the tool's details)";
            }

            if (!IsSafeUrl(p.AuthenticationRequestUrl))
            {
                yield return $"{at}:AuthenticationRequestUrl must be an https URL (Moodle: https://<site>/mod/lti/auth.php)";
            }

            if (!IsSafeUrl(p.KeySetUrl))
            {
                yield return $"{at}:KeySetUrl must be an https URL (Moodle: https://<site>/mod/lti/certs.php)";
            }

            if (string.IsNullOrWhiteSpace(p.Course))
            {
                yield return $"{at}:Course is required (the SupportBot course the platform's courses become modules of)";
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

    // Keys and logins travel over these: https, or the loopback address a local test platform listens on.
    private static bool IsSafeUrl(string? url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var u) && (u.Scheme == Uri.UriSchemeHttps || (u.Scheme == Uri.UriSchemeHttp && u.IsLoopback));
}

/// <summary>A platform registration: what the platform's admin sees when adding SupportBot as an external tool.</summary>
internal sealed class LtiPlatform
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

    /// <summary>The SupportBot course the platform's courses become modules of (created when missing).</summary>
    public string Course { get; set; } = "";
}
