using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace SupportBot.Testing;

/// <summary>
/// Plays the mail providers' token services and the mail server's view of them: Microsoft Entra's
/// v2.0 token endpoint (client credentials, over HTTPS as MSAL requires), Google's token endpoint
/// (JWT bearer grant from a service account acting as a user), and an RFC 7662 introspection
/// endpoint (plain HTTP, for Dovecot's oauth2 passdb) that says which mailbox a token may open.
/// </summary>
public sealed class LocalMailTokenIssuer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, Issued> issued = new();
    private readonly ConcurrentDictionary<string, (string Secret, string Mailbox)> apps = new();
    private readonly ConcurrentDictionary<string, RSA> serviceAccounts = new();
    private int tokensIssued;

    private LocalMailTokenIssuer(WebApplication app, X509Certificate2 certificate)
    {
        this.app = app;
        Certificate = certificate;
    }

    /// <summary>The self-signed certificate of the HTTPS endpoint: a test's token HttpClient trusts exactly this one.</summary>
    public X509Certificate2 Certificate { get; }

    /// <summary>https://127.0.0.1:port/ (Imap:OAuth2:Instance in tests).</summary>
    public Uri HttpsBase { get; private set; } = null!;

    /// <summary>http://127.0.0.1:port/ for the mail server.</summary>
    public Uri HttpBase { get; private set; } = null!;

    public Uri IntrospectionUrl => new(HttpBase, "introspect");

    public Uri GoogleTokenUrl => new(HttpBase, "google/token");

    public int TokensIssued => Volatile.Read(ref tokensIssued);

    /// <summary>Lifetime of the next tokens (expires_in); introspection refuses them once it has passed.</summary>
    public TimeSpan Lifetime { get; set; } = TimeSpan.FromHours(1);

    public static async Task<LocalMailTokenIssuer> StartAsync()
    {
        var certificate = LocalCertificate.ForLoopback();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate));
            kestrel.Listen(IPAddress.Loopback, 0);
        });
        var app = builder.Build();
        var issuer = new LocalMailTokenIssuer(app, certificate);
        app.MapPost("/{tenant}/oauth2/v2.0/token", issuer.ClientCredentials);
        app.MapPost("/google/token", issuer.JwtBearerGrant);
        app.MapPost("/introspect", issuer.Introspect);
        await app.StartAsync();
        var addresses = app.Urls.Select(u => new Uri(u.TrimEnd('/') + "/")).ToList();
        issuer.HttpsBase = addresses.Single(u => u.Scheme == Uri.UriSchemeHttps);
        issuer.HttpBase = addresses.Single(u => u.Scheme == Uri.UriSchemeHttp);
        return issuer;
    }

    /// <summary>An Entra app registration whose tokens may open this mailbox (its Exchange mailbox permission).</summary>
    public (string ClientId, string Secret) RegisterApp(string mailbox)
    {
        var clientId = Guid.NewGuid().ToString();
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        apps[clientId] = (secret, mailbox);
        return (clientId, secret);
    }

    /// <summary>A Google service account key file (the JSON the console downloads) whose token_uri points here.</summary>
    public string WriteServiceAccountKey(string folder)
    {
        var email = $"sa-{Guid.NewGuid():N}@project.iam.gserviceaccount.test";
        var rsa = RSA.Create(2048);
        serviceAccounts[email] = rsa;
        var path = Path.Combine(folder, "google-key.json");
        File.WriteAllText(path, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["client_email"] = email,
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["token_uri"] = GoogleTokenUrl.AbsoluteUri,
        }));
        return path;
    }

    /// <summary>Every token issued so far stops being accepted (expired or revoked early).</summary>
    public void ExpireAllIssued()
    {
        foreach (var token in issued.Keys)
        {
            issued[token] = issued[token] with { ExpiresAt = DateTimeOffset.MinValue };
        }
    }

    /// <summary>Tokens issued from now on are refused by the mail server (an app without the mailbox permission).</summary>
    public bool IssueUselessTokens { get; set; }

    private IResult ClientCredentials(string tenant, HttpRequest request)
    {
        var form = request.Form;
        if (form["grant_type"] != "client_credentials"
            || !apps.TryGetValue(form["client_id"].ToString(), out var registered)
            || registered.Secret != form["client_secret"])
        {
            return Results.Json(new { error = "invalid_client", error_description = "AADSTS7000215: Invalid client secret provided." }, statusCode: 401);
        }

        if (form["scope"] != "https://outlook.office365.com/.default")
        {
            return Results.Json(new { error = "invalid_scope" }, statusCode: 400);
        }

        return Issue(registered.Mailbox);
    }

    private IResult JwtBearerGrant(HttpRequest request)
    {
        var form = request.Form;
        var assertion = form["assertion"].ToString();
        var token = new JsonWebToken(assertion);
        if (form["grant_type"] != "urn:ietf:params:oauth:grant-type:jwt-bearer" || !serviceAccounts.TryGetValue(token.Issuer, out var key))
        {
            return Results.Json(new { error = "invalid_grant" }, statusCode: 400);
        }

        var valid = new JsonWebTokenHandler().ValidateTokenAsync(assertion, new TokenValidationParameters
        {
            ValidIssuer = token.Issuer,
            // Google's client writes its documented audience, whatever token_uri says.
            ValidAudiences = [GoogleTokenUrl.AbsoluteUri, "https://oauth2.googleapis.com/token"],
            IssuerSigningKey = new RsaSecurityKey(key),
        }).GetAwaiter().GetResult();
        if (!valid.IsValid || !token.TryGetClaim("sub", out var subject) || !token.TryGetClaim("scope", out var scope) || scope.Value != "https://mail.google.com/")
        {
            return Results.Json(new { error = "unauthorized_client", error_description = valid.Exception?.Message ?? "no sub or not the mail scope" }, statusCode: 401);
        }

        return Issue(subject.Value);
    }

    private IResult Issue(string mailbox)
    {
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        issued[token] = new Issued(IssueUselessTokens ? "nobody@example.test" : mailbox, DateTimeOffset.UtcNow + Lifetime);
        Interlocked.Increment(ref tokensIssued);
        return Results.Json(new { token_type = "Bearer", access_token = token, expires_in = (int)Lifetime.TotalSeconds });
    }

    private IResult Introspect(HttpRequest request)
    {
        var token = request.Form["token"].ToString();
        return issued.TryGetValue(token, out var found) && found.ExpiresAt > DateTimeOffset.UtcNow
            ? Results.Json(new { active = true, username = found.Mailbox })
            : Results.Json(new { active = false });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Certificate.Dispose();
        foreach (var key in serviceAccounts.Values)
        {
            key.Dispose();
        }
    }

    private sealed record Issued(string Mailbox, DateTimeOffset ExpiresAt);
}
