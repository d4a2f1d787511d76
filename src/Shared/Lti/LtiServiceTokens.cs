using System.Buffers.Text;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Shared.Lti;

/// <summary>Why a call to a platform's service did not happen; the message says it for an admin.</summary>
public sealed class LtiServiceException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// Access tokens for the platform's LTI services (IMS Security Framework 4.1): the OAuth2
/// client-credentials grant with a client assertion (RFC 7523), a JWT the tool signs with its own
/// private key (Lti:ToolPrivateKey), which the platform checks against the tool's keyset URL.
/// </summary>
public sealed class LtiServiceTokens(IHttpClientFactory http, LtiToolKey toolKey, TimeProvider clock)
{
    public const string HttpClientName = "lti-services";

    internal async Task<string> RequestAsync(LtiPlatform platform, string scope, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(platform.AccessTokenUrl))
        {
            throw new LtiServiceException($"the platform {platform.Name} has no access token URL in its registration (Moodle: https://<site>/mod/lti/token.php)");
        }

        if (toolKey.SigningKey is not { } signingKey)
        {
            throw new LtiServiceException("SupportBot has no tool key to sign its token request (set Lti:ToolPrivateKey)");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var assertion = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = platform.ClientId,
            Subject = new ClaimsIdentity([new Claim("sub", platform.ClientId)]),
            // The spec asks for the token endpoint as audience; Moodle and Canvas check it.
            Audience = platform.AccessTokenUrl,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["jti"] = Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16)) },
            SigningCredentials = new SigningCredentials(signingKey, SecurityAlgorithms.RsaSha256),
        });
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_assertion_type"] = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            ["client_assertion"] = assertion,
            ["scope"] = scope,
        });
        HttpResponseMessage response;
        try
        {
            response = await http.CreateClient(HttpClientName).PostAsync(new Uri(platform.AccessTokenUrl), form, ct);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new LtiServiceException($"the platform's token endpoint {platform.AccessTokenUrl} is unreachable ({e.Message})", e);
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new LtiServiceException($"the platform's token endpoint refused SupportBot (HTTP {(int)response.StatusCode}{OAuthError(body)}): "
                    + "check the client id, that the platform has SupportBot's keyset URL (/lti/jwks), and that Names and Role Provisioning is on for the tool");
            }

            try
            {
                using var json = JsonDocument.Parse(body);
                if (json.RootElement.TryGetProperty("access_token", out var token) && token.GetString() is { Length: > 0 } accessToken)
                {
                    return accessToken;
                }
            }
            catch (JsonException)
            {
            }

            throw new LtiServiceException($"the platform's token endpoint answered without an access token (HTTP {(int)response.StatusCode})");
        }
    }

    // error and error_description of RFC 6749 5.2, when the platform gives them.
    private static string OAuthError(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            string? Text(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            return Text("error") is { } error ? $", {error}" + (Text("error_description") is { } d ? $": {d}" : "") : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
