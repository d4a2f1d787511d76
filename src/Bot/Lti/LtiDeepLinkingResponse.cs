using System.Buffers.Text;
using System.Net;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Shared.Lti;

namespace SupportBot.Bot.Lti;

/// <summary>
/// The answer to a deep-linking request (LTI Deep Linking 2.0, section 4.2): a JWT signed with the
/// tool key, addressed to the platform (aud = its issuer), carrying one ltiResourceLink to the
/// launch URL and the request's data unchanged, auto-posted to the platform's return URL.
/// </summary>
internal sealed class LtiDeepLinkingResponse(LtiToolKey toolKey, TimeProvider clock)
{
    private const string Claims = "https://purl.imsglobal.org/spec/lti/claim/";
    private const string DeepLinkingClaims = "https://purl.imsglobal.org/spec/lti-dl/claim/";

    /// <summary>The auto-submitted form page; null when SupportBot has no tool key to sign with.</summary>
    public string? Page(LtiPlatform platform, LtiDeepLinking request, string launchUrl)
    {
        if (toolKey.SigningKey is not { } key)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new Dictionary<string, object>
        {
            ["nonce"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)),
            [Claims + "deployment_id"] = request.DeploymentId,
            [Claims + "message_type"] = "LtiDeepLinkingResponse",
            [Claims + "version"] = "1.3.0",
            [DeepLinkingClaims + "content_items"] = new[]
            {
                new Dictionary<string, object>
                {
                    ["type"] = "ltiResourceLink",
                    ["title"] = "SupportBot",
                    ["text"] = "Aide technique du cours / The course's technical help",
                    ["url"] = launchUrl,
                },
            },
        };
        if (request.Data is { } data)
        {
            claims[DeepLinkingClaims + "data"] = data;
        }

        var jwt = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = platform.ClientId,
            Audience = platform.Issuer,
            IssuedAt = now,
            Expires = now.AddMinutes(5),
            Claims = claims,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
        var action = WebUtility.HtmlEncode(request.ReturnUrl);
        return $"""
            <!doctype html>
            <html><head><meta charset="utf-8"><title>SupportBot</title></head>
            <body>
            <form id="deep-link" method="post" action="{action}">
            <input type="hidden" name="JWT" value="{WebUtility.HtmlEncode(jwt)}">
            <button type="submit">Ajouter SupportBot au cours / Add SupportBot to the course</button>
            </form>
            <script>document.getElementById('deep-link').submit();</script>
            </body></html>
            """;
    }
}
