using Microsoft.IdentityModel.Protocols;
using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.BotFramework;

/// <summary>
/// Fetches OpenID metadata and JWKS documents through the HTTP client factory (fresh handlers,
/// shared resilience); https only, except on loopback where the tests' local issuer lives.
/// </summary>
internal sealed class MetadataDocumentRetriever(IHttpClientFactory httpClients) : IDocumentRetriever
{
    public const string HttpClientName = "SupportBot.OpenIdMetadata";

    public async Task<string> GetDocumentAsync(string address, CancellationToken cancel)
    {
        if (!ServiceUrlGuard.IsSecureOrLoopback(address))
        {
            throw new ArgumentException($"OpenID documents are fetched over https only (http only for localhost): '{address}'.", nameof(address));
        }

        var http = httpClients.CreateClient(HttpClientName);
        using var response = await http.GetAsync(new Uri(address), cancel);
        if (!response.IsSuccessStatusCode)
        {
            throw new IOException($"GET {address} answered {(int)response.StatusCode}.");
        }

        return await response.Content.ReadAsStringAsync(cancel);
    }
}
