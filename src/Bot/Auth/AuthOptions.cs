using System.ComponentModel.DataAnnotations;

namespace SupportBot.Bot.Auth;

/// <summary>Tutor sign-in: one-time links by email, the session cookie, and the sign-in rate limit.</summary>
internal sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>How long an emailed sign-in link can be used (once).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "must be between 1 minute and 1 day")]
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Idle time after which a tutor must sign in again (sliding: each request renews it).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00", ErrorMessage = "must be between 5 minutes and 30 days")]
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>Sign-in link requests one IP address may make per window (past it: 429).</summary>
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int SignInRequestLimit { get; set; } = 5;

    /// <summary>
    /// Sign-in mails one address gets per window; further requests get the same answer and send nothing,
    /// and the links already sent keep working (so a flood of requests cannot lock a tutor out).
    /// </summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int SignInMailsPerAddress { get; set; } = 3;

    /// <summary>The window of <see cref="SignInRequestLimit"/> and <see cref="SignInMailsPerAddress"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "must be between 1 second and 1 day")]
    public TimeSpan SignInRequestWindow { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Optional sign-in with Microsoft Entra ID (or any OpenID Connect provider); off while Authority is empty.</summary>
internal sealed class OidcOptions
{
    public const string SectionName = "Auth:Oidc";

    /// <summary>e.g. https://login.microsoftonline.com/&lt;tenant id&gt;/v2.0; empty = email links only.</summary>
    public string? Authority { get; set; }

    /// <summary>The application (client) id registered with the provider.</summary>
    public string ClientId { get; set; } = "";

    /// <summary>The client secret (set it in the environment: SUPPORTBOT__Auth__Oidc__ClientSecret).</summary>
    public string ClientSecret { get; set; } = "";

    /// <summary>The label of the sign-in button.</summary>
    public string DisplayName { get; set; } = "Microsoft";

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
