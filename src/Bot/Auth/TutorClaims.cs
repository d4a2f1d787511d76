using System.Globalization;
using System.Security.Claims;

namespace SupportBot.Bot.Auth;

/// <summary>What the tutor cookie says about its holder, read at sign-in.</summary>
internal static class TutorClaims
{
    public const string Scheme = "TutorCookie";
    public const string PersonId = ClaimTypes.NameIdentifier;
    public const string IsAdmin = "supportbot:is_admin";
    public const string Module = "supportbot:module";
    public const string Locale = "supportbot:locale";
    public const string TimeZone = "supportbot:tz";

    /// <summary>The session was narrowed at sign-in (an LTI launch from one course): re-checks may remove access, never widen it.</summary>
    public const string Scoped = "supportbot:scoped";

    public const string TutorPolicy = "Tutor";
    public const string AdminPolicy = "Admin";

    public static ClaimsPrincipal Principal(TutorAccount tutor, string authenticationType = Scheme)
    {
        var claims = new List<Claim>
        {
            new(PersonId, tutor.Id.ToString()),
            new(ClaimTypes.Name, tutor.DisplayName),
            new(ClaimTypes.Email, tutor.Email),
            new(Locale, tutor.Locale),
            new(IsAdmin, tutor.IsAdmin ? "true" : "false"),
        };
        if (!string.IsNullOrWhiteSpace(tutor.TimeZone))
        {
            claims.Add(new Claim(TimeZone, tutor.TimeZone));
        }

        if (tutor.ScopedAtSignIn)
        {
            claims.Add(new Claim(Scoped, "true"));
        }

        claims.AddRange(tutor.ModuleIds.Select(m => new Claim(Module, m)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, authenticationType));
    }

    /// <summary>Whether two principals grant the same: admin flag, modules, name, email and locale.</summary>
    public static bool SameAccess(ClaimsPrincipal a, ClaimsPrincipal b)
    {
        static string[] Key(ClaimsPrincipal p) =>
            [.. p.Claims.Where(c => c.Type is IsAdmin or Module or Locale or ClaimTypes.Name or ClaimTypes.Email)
                .Select(c => c.Type + "=" + c.Value).Order(StringComparer.Ordinal)];

        return Key(a).SequenceEqual(Key(b), StringComparer.Ordinal);
    }

    public static bool IsAdminUser(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && user.HasClaim(IsAdmin, "true");

    public static bool IsTutorUser(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true && (IsAdminUser(user) || user.HasClaim(c => c.Type == Module));

    public static string LocaleOf(ClaimsPrincipal user) =>
        user.FindFirst(Locale)?.Value is { } l && l.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "fr";

    /// <summary>The tutor's own time zone (people.time_zone, read at sign-in); UTC when unknown or not a zone of this machine.</summary>
    public static TimeZoneInfo TimeZoneOf(ClaimsPrincipal user) =>
        user.FindFirst(TimeZone)?.Value is { } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    public static CultureInfo CultureOf(ClaimsPrincipal user) => CultureInfo.GetCultureInfo(LocaleOf(user) == "en" ? "en-GB" : "fr-FR");
}
