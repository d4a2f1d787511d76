using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// The bot's client-credentials token for the Connector API, cached until five minutes before it
/// expires; concurrent callers share one request.
/// </summary>
public sealed partial class ConnectorTokenSource(
    IHttpClientFactory httpClients,
    IOptions<BotOptions> options,
    TimeProvider time,
    ILogger<ConnectorTokenSource> logger) : IDisposable
{
    public const string HttpClientName = "SupportBot.ConnectorToken";

    private static readonly TimeSpan RefreshMargin = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim refresh = new(1, 1);
    private CachedToken? current;

    /// <summary>A bearer token, or null when no app id is configured (local development: send unauthenticated).</summary>
    /// <exception cref="HttpRequestException">The token endpoint refused or failed (status and OAuth error code in the message).</exception>
    public async ValueTask<string?> GetTokenAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (!settings.AuthenticationEnabled)
        {
            return null;
        }

        if (Fresh(current) is { } cached)
        {
            return cached;
        }

        await refresh.WaitAsync(cancellationToken);
        try
        {
            if (Fresh(current) is { } fetchedMeanwhile)
            {
                return fetchedMeanwhile;
            }

            current = await RequestAsync(settings, cancellationToken);
            return current.Value;
        }
        finally
        {
            refresh.Release();
        }
    }

    /// <summary>Forgets a token the Connector rejected, so the next call asks for a new one.</summary>
    public void Invalidate(string token)
    {
        var cached = current;
        if (cached is not null && cached.Value == token)
        {
            Interlocked.CompareExchange(ref current, null, cached);
        }
    }

    public void Dispose() => refresh.Dispose();

    private string? Fresh(CachedToken? token) => token is not null && time.GetUtcNow() < token.RefreshAfter ? token.Value : null;

    private async Task<CachedToken> RequestAsync(BotOptions settings, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        var (endpoint, request) = settings.AppType == BotAppType.UserAssignedMSI ? ManagedIdentityRequest(settings) : ClientSecretRequest(settings);
        using var sent = request;
        using var response = await http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            var error = await ReadOAuthErrorAsync(response, cancellationToken);
            throw new HttpRequestException(
                $"The token endpoint {endpoint.Host} refused the bot's credentials: {(int)response.StatusCode} {error}",
                null,
                response.StatusCode);
        }

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var token = body.TryGetProperty("access_token", out var accessToken) && accessToken.ValueKind == JsonValueKind.String
            ? accessToken.GetString()!
            : throw new HttpRequestException($"The token endpoint {endpoint.Host} answered without an access_token.");
        var lifetime = TimeSpan.FromSeconds(ReadSeconds(body, "expires_in") ?? 3600);
        var margin = lifetime > 2 * RefreshMargin ? RefreshMargin : lifetime / 2;
        LogTokenObtained(logger, endpoint.Host, lifetime);
        return new CachedToken(token, time.GetUtcNow() + lifetime - margin);
    }

    private static (Uri Endpoint, HttpRequestMessage Request) ClientSecretRequest(BotOptions settings)
    {
        var endpoint = settings.ResolveTokenEndpoint();
        return (endpoint, new HttpRequestMessage(HttpMethod.Post, endpoint)
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["grant_type"] = "client_credentials",
                ["client_id"] = settings.MicrosoftAppId!,
                ["client_secret"] = settings.MicrosoftAppPassword ?? "",
                ["scope"] = BotOptions.ConnectorScope,
            }),
        });
    }

    /// <summary>The Azure Instance Metadata Service's managed identity protocol: the identity is chosen by its client id, the audience as a resource.</summary>
    private static (Uri Endpoint, HttpRequestMessage Request) ManagedIdentityRequest(BotOptions settings)
    {
        var resource = BotOptions.ConnectorScope[..^"/.default".Length];
        var endpoint = new Uri($"{settings.ManagedIdentityEndpoint}?api-version=2018-02-01&resource={Uri.EscapeDataString(resource)}&client_id={Uri.EscapeDataString(settings.MicrosoftAppId!)}");
        var request = new HttpRequestMessage(HttpMethod.Get, endpoint);
        request.Headers.Add("Metadata", "true");
        return (endpoint, request);
    }

    // Azure AD v1 sends expires_in as a string, v2 as a number.
    private static double? ReadSeconds(JsonElement body, string name) =>
        !body.TryGetProperty(name, out var value) ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds
        : null;

    private static async Task<string> ReadOAuthErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            return body.TryGetProperty("error", out var error) ? error.ToString() : "(no OAuth error code)";
        }
        catch (JsonException)
        {
            return "(not a JSON answer)";
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Obtained a Connector token from {Host}, valid {Lifetime}")]
    private static partial void LogTokenObtained(ILogger logger, string host, TimeSpan lifetime);

    private sealed record CachedToken(string Value, DateTimeOffset RefreshAfter);
}
