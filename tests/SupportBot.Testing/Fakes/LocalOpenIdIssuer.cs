using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Testing;

/// <summary>
/// Plays login.botframework.com: OpenID metadata and a JWKS whose keys carry endorsements, and
/// RS256 (or RS384, RS512) tokens signed with RSA keys made here.
/// </summary>
public sealed class LocalOpenIdIssuer : IAsyncDisposable
{
    public const string ConnectorIssuer = "https://api.botframework.com";

    private readonly LocalWebServer server;
    private readonly object gate = new();
    private List<IssuerKey> published = [];
    private int jwksRequests;

    private LocalOpenIdIssuer(LocalWebServer server) => this.server = server;

    public string MetadataUrl => new Uri(server.BaseAddress, ".well-known/openidconfiguration").AbsoluteUri;

    public int JwksRequests => Volatile.Read(ref jwksRequests);

    public static async Task<LocalOpenIdIssuer> StartAsync(params IssuerKey[] keys)
    {
        LocalOpenIdIssuer? issuer = null;
        var server = await LocalWebServer.StartAsync(app =>
        {
            app.MapGet("/.well-known/openidconfiguration", (HttpRequest request) => Results.Json(new
            {
                issuer = ConnectorIssuer,
                authorization_endpoint = $"{request.Scheme}://{request.Host}/authorize",
                jwks_uri = $"{request.Scheme}://{request.Host}/keys",
                id_token_signing_alg_values_supported = new[] { "RS256" },
                token_endpoint_auth_methods_supported = new[] { "private_key_jwt" },
            }));
            app.MapGet("/keys", () =>
            {
                Interlocked.Increment(ref issuer!.jwksRequests);
                return Results.Text(issuer.Jwks().ToJsonString(), "application/json");
            });
        });
        issuer = new LocalOpenIdIssuer(server) { published = [.. keys] };
        return issuer;
    }

    /// <summary>Replaces the published keys (a key rotation).</summary>
    public void Publish(params IssuerKey[] keys)
    {
        lock (gate)
        {
            published = [.. keys];
        }
    }

    private JsonObject Jwks()
    {
        lock (gate)
        {
            return new JsonObject { ["keys"] = new JsonArray([.. published.Select(k => (JsonNode)k.ToJwk())]) };
        }
    }

    public static string CreateToken(
        IssuerKey key,
        string issuer = ConnectorIssuer,
        string? audience = "bot-app-id",
        string? serviceUrl = "https://smba.trafficmanager.net/emea/",
        DateTime? expires = null,
        IDictionary<string, object>? claims = null,
        string algorithm = SecurityAlgorithms.RsaSha256,
        byte[]? symmetricKey = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddMinutes(30);
        var payload = new Dictionary<string, object>(claims ?? new Dictionary<string, object>());
        if (serviceUrl is not null)
        {
            payload["serviceurl"] = serviceUrl;
        }

        var handler = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false };
        return handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expiry.AddHours(-1),
            NotBefore = expiry.AddHours(-1),
            Expires = expiry,
            Claims = payload,
            Subject = new ClaimsIdentity(),
            SigningCredentials = symmetricKey is null
                ? new SigningCredentials(key.SecurityKey, algorithm)
                : new SigningCredentials(new SymmetricSecurityKey(symmetricKey) { KeyId = key.Kid }, SecurityAlgorithms.HmacSha256),
        });
    }

    public ValueTask DisposeAsync() => server.DisposeAsync();
}

/// <summary>An RSA signing key, its kid and the channels it endorses.</summary>
public sealed class IssuerKey(string kid, params string[] endorsements)
{
    private readonly RSA rsa = RSA.Create(2048);

    public string Kid { get; } = kid;

    public RsaSecurityKey SecurityKey => new(rsa) { KeyId = Kid };

    /// <summary>Another private key under the same kid: a forger who knows the kid but not the key.</summary>
    public IssuerKey Forged() => new(Kid, endorsements);

    public JsonObject ToJwk()
    {
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["kid"] = Kid,
            ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
            ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
            ["endorsements"] = new JsonArray([.. endorsements.Select(e => (JsonNode)e)]),
        };
    }
}
