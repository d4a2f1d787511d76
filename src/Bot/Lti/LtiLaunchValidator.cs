using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Shared.Lti;

namespace SupportBot.Bot.Lti;

internal enum LtiRole
{
    Learner,
    Instructor,
}

/// <summary>What a valid resource-link launch says: who, in which course (our module), with which role.</summary>
/// <remarks><paramref name="MembershipsUrl"/>: the course's Names and Role Provisioning 2.0 endpoint, when the platform grants it.</remarks>
internal sealed record LtiLaunch(
    LtiPlatform Platform, string Subject, string? Name, string? Email, string Locale, LtiRole Role, string ModuleId, string ModuleTitle,
    string? ContextId = null, string? MembershipsUrl = null, LtiDeepLinking? DeepLinking = null);

/// <summary>A teacher choosing SupportBot as content (LtiDeepLinkingRequest): where to send the answer, and what to echo.</summary>
internal sealed record LtiDeepLinking(string ReturnUrl, string? Data, string DeploymentId);

internal enum LtiRefusal
{
    UnknownPlatform,
    MissingLaunch,
    UnknownLogin,
    AlreadyUsed,
    LoginExpired,
    OtherBrowser,
    BadSignature,
    Expired,
    WrongIssuer,
    WrongAudience,
    NonceMismatch,
    UnknownDeployment,
    NotAResourceLink,
    DeepLinkingUnsupported,
    NoCourse,
    NoRole,
    NoIdentity,
    EmailTaken,
}

/// <summary>
/// Checks an id_token from the launch POST against its platform registration, as LTI 1.3 core
/// (section 5.1.3) and the IMS security framework ask: RS256 signature by a key of the platform's
/// JWKS, issuer, audience (the client id; azp when there are several), expiry, nonce, deployment,
/// message type and version. The caller has already consumed the state that gave the nonce.
/// </summary>
internal sealed class LtiLaunchValidator(LtiPlatformKeys keys, IOptions<LtiOptions> options, TimeProvider clock)
{
    private const string Claims = "https://purl.imsglobal.org/spec/lti/claim/";
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };

    public async Task<(LtiLaunch? Launch, LtiRefusal? Refusal)> ValidateAsync(string idToken, LtiPlatform platform, string expectedNonce, CancellationToken ct)
    {
        JsonWebToken unverified;
        try
        {
            unverified = handler.ReadJsonWebToken(idToken);
        }
        catch (ArgumentException)
        {
            return (null, LtiRefusal.BadSignature);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var skew = options.Value.ClockSkew;
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = platform.Issuer,
            ValidAudience = platform.ClientId,
            IssuerSigningKeys = await keys.GetAsync(platform, unverified.Kid, ct),
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            LifetimeValidator = (notBefore, expires, _, _) => expires is { } e && e > now - skew && (notBefore is not { } n || n <= now + skew),
        };
        var result = await handler.ValidateTokenAsync(idToken, parameters);
        if (!result.IsValid)
        {
            return (null, result.Exception switch
            {
                SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => LtiRefusal.Expired,
                SecurityTokenInvalidAudienceException => LtiRefusal.WrongAudience,
                SecurityTokenInvalidIssuerException => LtiRefusal.WrongIssuer,
                _ => LtiRefusal.BadSignature,
            });
        }

        var token = (JsonWebToken)result.SecurityToken;
        if (token.Audiences.Count() > 1 && (!token.TryGetPayloadValue<string>("azp", out var azp) || azp != platform.ClientId))
        {
            return (null, LtiRefusal.WrongAudience);
        }

        if (!token.TryGetPayloadValue<string>("nonce", out var nonce) || !string.Equals(nonce, expectedNonce, StringComparison.Ordinal))
        {
            return (null, LtiRefusal.NonceMismatch);
        }

        if (!token.TryGetPayloadValue<string>(Claims + "deployment_id", out var deployment) || !platform.DeploymentIds.Contains(deployment, StringComparer.Ordinal))
        {
            return (null, LtiRefusal.UnknownDeployment);
        }

        if (!token.TryGetPayloadValue<string>(Claims + "message_type", out var type) || type is not ("LtiResourceLinkRequest" or "LtiDeepLinkingRequest")
            || !token.TryGetPayloadValue<string>(Claims + "version", out var version) || version != "1.3.0")
        {
            return (null, LtiRefusal.NotAResourceLink);
        }

        if (type == "LtiDeepLinkingRequest")
        {
            return DeepLinkingOf(token, platform, deployment);
        }

        if (ModuleOf(token) is not ({ } moduleId, var title, var contextId))
        {
            return (null, LtiRefusal.NoCourse);
        }

        var roles = token.TryGetPayloadValue<string[]>(Claims + "roles", out var r) ? r : [];
        LtiRole? role = roles.Any(LtiRoles.IsTeaching) ? LtiRole.Instructor : roles.Any(LtiRoles.IsLearner) ? LtiRole.Learner : null;
        if (role is null)
        {
            return (null, LtiRefusal.NoRole);
        }

        string? Text(string claim) => token.TryGetPayloadValue<string>(claim, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        var name = Text("name") ?? string.Join(' ', new[] { Text("given_name"), Text("family_name") }.Where(n => n is not null));
        // Moodle and Canvas put the user's language in launch_presentation; OIDC's own claim is locale.
        var language = token.TryGetPayloadValue<JsonElement>(Claims + "launch_presentation", out var presentation)
            && presentation.ValueKind == JsonValueKind.Object && presentation.TryGetProperty("locale", out var pl) && pl.ValueKind == JsonValueKind.String
            ? pl.GetString() : Text("locale");
        var locale = language is { } l && l.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "fr";
        if (string.IsNullOrWhiteSpace(token.Subject))
        {
            return (null, LtiRefusal.NoIdentity);
        }

        return (new LtiLaunch(platform, token.Subject, string.IsNullOrWhiteSpace(name) ? null : name, Text("email"), locale, role.Value, moduleId, title,
            contextId, MembershipsUrlOf(token)), null);
    }

    /// <summary>
    /// The module: a custom parameter module=... when the platform's admin set one, else the course's
    /// label (Moodle's short name, Canvas's course code), the id a roster import uses too.
    /// </summary>
    private static (string? Id, string Title, string? ContextId) ModuleOf(JsonWebToken token)
    {
        string? custom = null;
        if (token.TryGetPayloadValue<JsonElement>(Claims + "custom", out var c) && c.ValueKind == JsonValueKind.Object
            && c.TryGetProperty("module", out var m) && m.ValueKind == JsonValueKind.String)
        {
            custom = m.GetString();
        }

        if (!token.TryGetPayloadValue<JsonElement>(Claims + "context", out var context) || context.ValueKind != JsonValueKind.Object)
        {
            return (null, "", null);
        }

        string? Field(string name) => context.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s.Trim() : null;
        var label = Field("label") is { } l ? string.Join('-', l.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)) : null;
        var id = custom is { Length: > 0 } ? custom.Trim() : label ?? (Field("id") is { } cid ? "lti-" + cid : null);
        return (id, Field("title") ?? id ?? "", Field("id"));
    }

    /// <summary>
    /// Deep linking (LTI Deep Linking 2.0): only a teacher adds SupportBot to a course, and only as the
    /// one kind of content it offers, a resource link.
    /// </summary>
    private static (LtiLaunch?, LtiRefusal?) DeepLinkingOf(JsonWebToken token, LtiPlatform platform, string deployment)
    {
        var roles = token.TryGetPayloadValue<string[]>(Claims + "roles", out var r) ? r : [];
        if (!roles.Any(LtiRoles.IsTeaching))
        {
            return (null, LtiRefusal.NoRole);
        }

        if (!token.TryGetPayloadValue<JsonElement>("https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings", out var settings)
            || settings.ValueKind != JsonValueKind.Object
            || !settings.TryGetProperty("deep_link_return_url", out var returnUrl) || returnUrl.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(returnUrl.GetString(), UriKind.Absolute, out var back) || (back.Scheme != Uri.UriSchemeHttps && back.Scheme != Uri.UriSchemeHttp)
            || !settings.TryGetProperty("accept_types", out var types) || types.ValueKind != JsonValueKind.Array
            || !types.EnumerateArray().Any(t => t.ValueKind == JsonValueKind.String && t.GetString() == "ltiResourceLink"))
        {
            return (null, LtiRefusal.DeepLinkingUnsupported);
        }

        var data = settings.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var (moduleId, title, contextId) = ModuleOf(token);
        var locale = token.TryGetPayloadValue<string>("locale", out var l) && l.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "fr";
        return (new LtiLaunch(platform, token.Subject ?? "", null, null, locale, LtiRole.Instructor, moduleId ?? "", title, contextId,
            DeepLinking: new LtiDeepLinking(back.AbsoluteUri, data, deployment)), null);
    }

    /// <summary>
    /// The claim by which the platform grants Names and Role Provisioning 2.0 for this course; its URL
    /// will receive a bearer token, so only https (or a loopback test platform) is kept.
    /// </summary>
    private static string? MembershipsUrlOf(JsonWebToken token)
    {
        if (!token.TryGetPayloadValue<JsonElement>("https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice", out var nrps) || nrps.ValueKind != JsonValueKind.Object
            || !nrps.TryGetProperty("context_memberships_url", out var url) || url.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var versions = nrps.TryGetProperty("service_versions", out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : null).ToList()
            : [];
        return versions.Contains("2.0") && LtiOptions.IsSafeUrl(url.GetString()) ? url.GetString() : null;
    }
}
