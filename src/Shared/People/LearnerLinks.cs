using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Shared.Time;

namespace SupportBot.Shared.People;

public sealed class LearnerLinkOptions : IValidatableObject
{
    public const string SectionName = "LearnerLinks";

    /// <summary>HMAC key shared with the course platform, which signs the links that open the web chat.</summary>
    [Required(ErrorMessage = "is required (at least 32 random characters shared with the course platform)")]
    [MinLength(32, ErrorMessage = "must be at least 32 characters")]
    public string SigningKey { get; set; } = "";

    /// <summary>The key id (JWT header "kid") of <see cref="SigningKey"/>: links name the key they were signed with.</summary>
    [Required(ErrorMessage = "is required (a short name for the signing key, e.g. 2026-01)")]
    [MaxLength(64, ErrorMessage = "must be at most 64 characters")]
    public string KeyId { get; set; } = "1";

    /// <summary>During a rotation, the key being retired: links naming its id are still accepted. Empty otherwise.</summary>
    public string? PreviousSigningKey { get; set; }

    /// <summary>The key id of <see cref="PreviousSigningKey"/>.</summary>
    public string? PreviousKeyId { get; set; }

    /// <summary>The audience ("aud") a link must name: links made for another service are refused.</summary>
    [Required(ErrorMessage = "is required (the audience the course platform writes in its links)")]
    public string Audience { get; set; } = "supportbot";

    /// <summary>How long a link made by `supportbot webchat link` stays valid.</summary>
    public TimeSpan DefaultLifetime { get; set; } = TimeSpan.FromHours(12);

    /// <summary>The longest lifetime (exp - iat) a link may have, whoever signed it: a leaked link dies at the latest then.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "must be between 00:01:00 and 7.00:00:00")]
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromHours(24);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (DefaultLifetime <= TimeSpan.Zero || DefaultLifetime > MaxLifetime)
        {
            yield return new ValidationResult($"{SectionName}:DefaultLifetime: must be more than 0 and at most {SectionName}:MaxLifetime ({MaxLifetime})", [nameof(DefaultLifetime)]);
        }

        if (!string.IsNullOrEmpty(PreviousSigningKey) && (PreviousSigningKey.Length < 32 || string.IsNullOrWhiteSpace(PreviousKeyId) || PreviousKeyId == KeyId))
        {
            yield return new ValidationResult(
                $"{SectionName}:PreviousSigningKey: needs at least 32 characters and its own {SectionName}:PreviousKeyId, different from {SectionName}:KeyId",
                [nameof(PreviousSigningKey)]);
        }
    }
}

/// <summary>What the course platform says about the learner opening the chat.</summary>
public sealed record LearnerIdentity(string LearnerId, string DisplayName, string Email, string? Course, string Locale, string TimeZone);

/// <summary>
/// Signed learner links (HS256 JWT): the course platform embeds the chat with one, so the bot knows
/// who it is talking to without a sign-in of its own. A link must name SupportBot as its audience,
/// carry its issue time and live at most LearnerLinks:MaxLifetime; its "kid" picks the key (the current
/// one, or the previous one during a rotation). Tampered, expired or over-long links are refused.
/// </summary>
public sealed class LearnerLinks(IOptions<LearnerLinkOptions> options, TimeProvider clock)
{
    private const string Issuer = "supportbot-course-platform";
    private readonly JsonWebTokenHandler handler = new() { SetDefaultTimesOnTokenCreation = false };

    private SymmetricSecurityKey Key => new(Encoding.UTF8.GetBytes(options.Value.SigningKey)) { KeyId = options.Value.KeyId };

    /// <summary>The keys a link may be signed with; a link without a kid is tried against each.</summary>
    private List<SecurityKey> AcceptedKeys()
    {
        var o = options.Value;
        var keys = new List<SecurityKey> { Key };
        if (!string.IsNullOrEmpty(o.PreviousSigningKey) && !string.IsNullOrEmpty(o.PreviousKeyId))
        {
            keys.Add(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(o.PreviousSigningKey)) { KeyId = o.PreviousKeyId });
        }

        return keys;
    }

    /// <summary>The longest a link may live (LearnerLinks:MaxLifetime).</summary>
    public TimeSpan MaxLifetime => options.Value.MaxLifetime;

    /// <exception cref="ArgumentOutOfRangeException"><paramref name="lifetime"/> is longer than <see cref="MaxLifetime"/>.</exception>
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

        var span = lifetime ?? options.Value.DefaultLifetime;
        if (span > options.Value.MaxLifetime)
        {
            throw new ArgumentOutOfRangeException(nameof(lifetime), span, $"A learner link lives at most {LearnerLinkOptions.SectionName}:MaxLifetime ({options.Value.MaxLifetime}).");
        }

        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            Expires = now + span,
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
        var maxLifetime = options.Value.MaxLifetime;
        var tooLong = false;
        var result = await handler.ValidateTokenAsync(link, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = options.Value.Audience,
            IssuerSigningKeys = AcceptedKeys(),
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            LifetimeValidator = (_, expires, token, _) =>
            {
                var issued = (token as JsonWebToken)?.IssuedAt ?? DateTime.MinValue;
                // No iat, an iat in the future, or exp - iat past the maximum: a link signed to last.
                if (expires is not { } e)
                {
                    tooLong = true;
                    return false;
                }

                tooLong = issued == DateTime.MinValue || issued > now.AddMinutes(1) || e - issued > maxLifetime;
                return !tooLong && e > now.AddMinutes(-1);
            },
        });
        if (!result.IsValid)
        {
            return LearnerLinkResult.Fail(result.Exception is SecurityTokenInvalidLifetimeException && !tooLong ? LearnerLinkFailure.Expired : LearnerLinkFailure.Invalid);
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
