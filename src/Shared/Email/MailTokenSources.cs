using System.Collections.Concurrent;
using System.Text.Json;
using Google.Apis.Auth.OAuth2;
using Microsoft.Identity.Client;

namespace SupportBot.Shared.Email;

/// <summary>A bearer token for one mailbox, from the library that owns the provider's protocol and cache.</summary>
internal interface IMailTokenSource
{
    /// <summary>Where tokens come from, for log lines (no secret).</summary>
    string Authority { get; }

    /// <summary>A cached token, refreshed by the library before it expires; forceRefresh skips the cache (the server refused the cached one).</summary>
    Task<string> GetTokenAsync(bool forceRefresh, CancellationToken ct);
}

/// <summary>
/// One token source per distinct setting, kept for the life of the process so the libraries' caches
/// work: IMAP and SMTP with the same app share one.
/// </summary>
public sealed class MailTokenSources(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "SupportBot.MailToken";

    private readonly ConcurrentDictionary<string, IMailTokenSource> sources = new();

    internal IMailTokenSource For(MailAccount account)
    {
        var o = account.OAuth2;
        var key = string.Join('\n', o.Provider, o.Instance, o.TenantId, o.ClientId, o.ClientSecret, o.ServiceAccountKeyFile, o.ResolvedScope, account.UserName);
        return sources.GetOrAdd(key, _ => o.Provider == MailOAuthProvider.Google
            ? GoogleServiceAccountTokens.FromKeyFile(o.ServiceAccountKeyFile, account.UserName, o.ResolvedScope)
            : new MicrosoftClientCredentialTokens(o, httpClients));
    }
}

/// <summary>Microsoft 365: the app's own token (client credentials); the mailbox is named in the SASL exchange.</summary>
internal sealed class MicrosoftClientCredentialTokens : IMailTokenSource
{
    private readonly IConfidentialClientApplication app;
    private readonly string[] scopes;

    public MicrosoftClientCredentialTokens(MailOAuthOptions options, IHttpClientFactory httpClients)
    {
        Authority = new Uri(new Uri(options.Instance.TrimEnd('/') + "/"), options.TenantId.Trim()).AbsoluteUri;
        scopes = [options.ResolvedScope];
        app = ConfidentialClientApplicationBuilder.Create(options.ClientId.Trim())
            .WithClientSecret(options.ClientSecret)
            .WithAuthority(Authority)
            // The authority comes from our own settings, not from a caller: nothing to discover or validate.
            .WithInstanceDiscovery(false)
            .WithHttpClientFactory(new MsalHttpClients(httpClients))
            .Build();
    }

    public string Authority { get; }

    public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken ct)
    {
        var result = await app.AcquireTokenForClient(scopes).WithForceRefresh(forceRefresh).ExecuteAsync(ct);
        return result.AccessToken;
    }

    private sealed class MsalHttpClients(IHttpClientFactory httpClients) : IMsalHttpClientFactory
    {
        public HttpClient GetHttpClient() => httpClients.CreateClient(MailTokenSources.HttpClientName);
    }
}

/// <summary>Google Workspace: a service account acting as the mailbox (domain-wide delegation, JWT bearer grant).</summary>
internal sealed class GoogleServiceAccountTokens(ServiceAccountCredential credential, string authority) : IMailTokenSource
{
    public string Authority { get; } = authority;

    /// <summary>Reads the key Google's console downloads: client_email, private_key and token_uri.</summary>
    public static GoogleServiceAccountTokens FromKeyFile(string path, string mailbox, string scope)
    {
        using var key = JsonDocument.Parse(File.ReadAllText(path));
        string Read(string name) => key.RootElement.TryGetProperty(name, out var value) && value.GetString() is { Length: > 0 } text
            ? text
            : throw new InvalidOperationException($"The Google service account key {path} has no {name}.");
        var tokenUri = key.RootElement.TryGetProperty("token_uri", out var uri) && uri.GetString() is { Length: > 0 } u
            ? u
            : GoogleAuthConsts.OidcTokenUrl;
        var initializer = new ServiceAccountCredential.Initializer(Read("client_email"), tokenUri)
        {
            User = mailbox,
            Scopes = [scope],
        }.FromPrivateKey(Read("private_key"));
        return new GoogleServiceAccountTokens(new ServiceAccountCredential(initializer), new Uri(tokenUri).GetLeftPart(UriPartial.Authority));
    }

    public async Task<string> GetTokenAsync(bool forceRefresh, CancellationToken ct)
    {
        if (forceRefresh)
        {
            await credential.RequestAccessTokenAsync(ct);
            return credential.Token.AccessToken;
        }

        return await credential.GetAccessTokenForRequestAsync(cancellationToken: ct);
    }
}
