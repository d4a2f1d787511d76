using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Shared.Time;

namespace SupportBot.Shared.People;

public sealed class LearnerLinkOptions
{
    public const string SectionName = "LearnerLinks";

    /// <summary>HMAC key shared with the course platform, which signs the links that open the web chat.</summary>
    [Required(ErrorMessage = "is required (at least 32 random characters shared with the course platform)")]
    [MinLength(32, ErrorMessage = "must be at least 32 characters")]
    public string SigningKey { get; set; } = "";

    /// <summary>How long a link made by `supportbot webchat link` stays valid.</summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(12);
}

/// <summary>What the course platform says about the learner opening the chat.</summary>
public sealed record LearnerIdentity(string LearnerId, string DisplayName, string Email, string? Course, string Locale, string TimeZone);

/// <summary>
/// Signed learner links (HS256 JWT): the course platform embeds the chat with one, so the bot knows
/// who it is talking to without a sign-in of its own. Tampered or expired links are refused.
/// </summary>
public sealed class LearnerLinks(IOptions<LearnerLinkOptions> options, TimeProvider clock)
{
    private const string Issuer = "supportbot-course-platform";
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    private SymmetricSecurityKey Key => new(Encoding.UTF8.GetBytes(options.Value.SigningKey));

    public string Create(LearnerIdentity learner, TimeSpan? lifetime = null)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new List<Claim>
        {
            new("sub", learner.LearnerId), new("name", learner.DisplayName), new("email", learner.Email),
            new("locale", learner.Locale), new("tz", learner.TimeZone),
        };
        if (learner.Course is not null)
        {
            claims.Add(new Claim("course", learner.Course));
        }

        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            Expires = now + (lifetime ?? options.Value.DefaultLifetime),
            SigningCredentials = new SigningCredentials(Key, SecurityAlgorithms.HmacSha256),
        });
    }

    public async Task<LearnerLinkResult> ValidateAsync(string? link)
    {
        if (string.IsNullOrWhiteSpace(link))
        {
            return LearnerLinkResult.Fail(LearnerLinkFailure.Missing);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var result = await handler.ValidateTokenAsync(link, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidateAudience = false,
            IssuerSigningKey = Key,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (_, expires, _, _) => expires is { } e && e > now.AddMinutes(-1),
        });
        if (!result.IsValid)
        {
            return LearnerLinkResult.Fail(result.Exception is SecurityTokenInvalidLifetimeException ? LearnerLinkFailure.Expired : LearnerLinkFailure.Invalid);
        }

        string? Claim(string name) => result.Claims.TryGetValue(name, out var v) ? v as string : null;
        var id = Claim("sub");
        var name = Claim("name");
        var email = Claim("email");
        if (id is null || name is null || email is null)
        {
            return LearnerLinkResult.Fail(LearnerLinkFailure.Invalid);
        }

        var tz = Claim("tz") is { } zone && WallClock.IsKnownZone(zone) ? zone : WallClock.DefaultZoneId;
        return new LearnerLinkResult(new LearnerIdentity(id, name, email, Claim("course"), Claim("locale") ?? "fr", tz), null);
    }
}

public enum LearnerLinkFailure
{
    Missing,
    Invalid,
    Expired,
}

public sealed record LearnerLinkResult(LearnerIdentity? Learner, LearnerLinkFailure? Failure)
{
    public static LearnerLinkResult Fail(LearnerLinkFailure failure) => new(null, failure);
}
