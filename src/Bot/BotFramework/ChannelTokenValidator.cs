using System.Security.Claims;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.BotFramework;

/// <summary>
/// Checks the <c>Authorization: Bearer</c> JWT a channel sends with each activity (see
/// BOTFRAMEWORK-PROTOCOL.md, "Inbound"): a Bot Connector token signed by a key from the
/// Connector's OpenID metadata that endorses the activity's channel, issued by
/// api.botframework.com for this bot's app id, within 5 minutes of its lifetime (RS256, RS384 or RS512, as the SDK), and naming the
/// activity's serviceUrl; or, when <see cref="BotOptions.TenantId"/> is set, a Microsoft Entra token
/// from the bot's own tenant (v1 or v2 issuer) for this bot's app id, as the Microsoft SDK accepts for
/// single-tenant and managed-identity bots; or, only when <see cref="BotOptions.AllowEmulator"/> is
/// set, an Azure AD token of the Bot Framework tenants issued to this bot's app id.
/// </summary>
public sealed class ChannelTokenValidator
{
    /// <summary>Azure AD v1 and v2 issuers of the two Bot Framework tenants, used by the Emulator.</summary>
    public static readonly IReadOnlyList<string> EmulatorIssuers =
    [
        "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/",
        "https://login.microsoftonline.com/d6d49420-f39b-4df7-a1dc-d59a935871db/v2.0",
        "https://sts.windows.net/f8cdef31-a31e-4b4a-93e4-5f571e91255a/",
        "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
    ];

    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(5);

    private readonly BotOptions options;
    private readonly JsonWebTokenHandler handler = new() { MapInboundClaims = false };
    private readonly SigningKeyMetadata connectorMetadata;
    private readonly SigningKeyMetadata emulatorMetadata;
    private readonly SigningKeyMetadata? tenantMetadata;

    public ChannelTokenValidator(IOptions<BotOptions> options, IHttpClientFactory httpClients, IHostEnvironment environment)
        : this(options, httpClients, environment, SigningKeyMetadata.ForcedRefreshInterval)
    {
    }

    /// <param name="forcedRefreshInterval">How often an unknown key id may make the keys be fetched again (tests shorten it).</param>
    internal ChannelTokenValidator(IOptions<BotOptions> options, IHttpClientFactory httpClients, IHostEnvironment environment, TimeSpan forcedRefreshInterval)
    {
        this.options = options.Value;
        AcceptsUnauthenticated = !this.options.AuthenticationEnabled && this.options.AllowUnauthenticated && environment.IsDevelopment();
        var documents = new MetadataDocumentRetriever(httpClients);
        connectorMetadata = new(this.options.OpenIdMetadataUrl, documents, forcedRefreshInterval);
        emulatorMetadata = new(this.options.EmulatorOpenIdMetadataUrl, documents, forcedRefreshInterval);
        if (this.options.TenantIssuers.Count > 0)
        {
            tenantMetadata = new(this.options.TenantOpenIdMetadataUrl.Replace("{tenant}", this.options.TenantId!.Trim(), StringComparison.Ordinal), documents, forcedRefreshInterval);
        }
    }

    /// <summary>
    /// No app id, Bot:AllowUnauthenticated set and the host in Development: activities need no
    /// token (the Agents Playground). Everywhere else a missing app id refuses every activity.
    /// </summary>
    public bool AcceptsUnauthenticated { get; }

    /// <summary>Validates the token that came with <paramref name="activity"/>.</summary>
    /// <param name="authorizationHeader">The raw Authorization header, e.g. "Bearer eyJ...".</param>
    /// <exception cref="InvalidOperationException">The OpenID metadata could not be fetched (an outage, not a bad token).</exception>
    public async Task<ChannelTokenResult> ValidateAsync(string? authorizationHeader, Activity activity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (!options.AuthenticationEnabled)
        {
            return AcceptsUnauthenticated
                ? ChannelTokenResult.Disabled
                : ChannelTokenResult.Invalid(ChannelTokenFailure.NotConfigured,
                    $"{BotOptions.SectionName}:{nameof(BotOptions.MicrosoftAppId)} is not set and unauthenticated activities are not allowed ({BotOptions.SectionName}:{nameof(BotOptions.AllowUnauthenticated)}, Development only)");
        }

        if (!TryReadBearer(authorizationHeader, out var token))
        {
            return ChannelTokenResult.Invalid(ChannelTokenFailure.MissingToken, "no Authorization: Bearer header");
        }

        JsonWebToken jwt;
        try
        {
            jwt = handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException ex)
        {
            return ChannelTokenResult.Invalid(ChannelTokenFailure.MalformedToken, ex.Message);
        }

        if (EmulatorIssuers.Contains(jwt.Issuer, StringComparer.Ordinal))
        {
            return options.AllowEmulator
                ? await ValidateEmulatorTokenAsync(token, jwt, cancellationToken)
                : ChannelTokenResult.Invalid(ChannelTokenFailure.EmulatorNotAllowed, $"an Emulator token (issuer {jwt.Issuer}) while {BotOptions.SectionName}:{nameof(BotOptions.AllowEmulator)} is false");
        }

        if (tenantMetadata is not null && options.TenantIssuers.Contains(jwt.Issuer, StringComparer.Ordinal))
        {
            return await ValidateTenantTokenAsync(token, jwt, tenantMetadata, cancellationToken);
        }

        return await ValidateConnectorTokenAsync(token, jwt, activity, cancellationToken);
    }

    /// <summary>The token of an "Authorization: Bearer token" header.</summary>
    public static bool TryReadBearer(string? authorizationHeader, out string token)
    {
        const string Scheme = "Bearer ";
        token = "";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        token = authorizationHeader[Scheme.Length..].Trim();
        return token.Length > 0;
    }

    private async Task<ChannelTokenResult> ValidateConnectorTokenAsync(string token, JsonWebToken jwt, Activity activity, CancellationToken cancellationToken)
    {
        var metadata = await connectorMetadata.GetAsync(jwt.Kid, cancellationToken);
        var result = await handler.ValidateTokenAsync(token, Parameters(metadata, [options.Issuer], validateAudience: true));
        if (!result.IsValid)
        {
            return Refused(result.Exception);
        }

        // The key that verified the signature says which channels it speaks for; channel ids compare exactly, as in the SDK.
        var endorsements = EndorsementsOf(result.SecurityToken.SigningKey);
        if (string.IsNullOrEmpty(activity.ChannelId) || !endorsements.Contains(activity.ChannelId, StringComparer.Ordinal))
        {
            return ChannelTokenResult.Invalid(ChannelTokenFailure.MissingEndorsement,
                $"signing key '{result.SecurityToken.SigningKey?.KeyId}' endorses [{string.Join(", ", endorsements)}], not channel '{activity.ChannelId}'");
        }

        var serviceUrlClaim = jwt.TryGetPayloadValue<string>("serviceurl", out var claimed) ? claimed : null;
        if (!SameServiceUrl(serviceUrlClaim, activity.ServiceUrl))
        {
            return ChannelTokenResult.Invalid(ChannelTokenFailure.ServiceUrlMismatch,
                $"the token's serviceurl claim '{serviceUrlClaim}' is not the activity's serviceUrl '{activity.ServiceUrl}'");
        }

        return ChannelTokenResult.Valid(result.ClaimsIdentity);
    }

    /// <summary>A token Entra issued in the bot's tenant: its audience names the bot; no endorsement or serviceurl claim exists.</summary>
    private async Task<ChannelTokenResult> ValidateTenantTokenAsync(string token, JsonWebToken jwt, SigningKeyMetadata metadata, CancellationToken cancellationToken)
    {
        var keys = await metadata.GetAsync(jwt.Kid, cancellationToken);
        var result = await handler.ValidateTokenAsync(token, Parameters(keys, options.TenantIssuers, validateAudience: true));
        return result.IsValid ? ChannelTokenResult.Valid(result.ClaimsIdentity) : Refused(result.Exception);
    }

    private async Task<ChannelTokenResult> ValidateEmulatorTokenAsync(string token, JsonWebToken jwt, CancellationToken cancellationToken)
    {
        var metadata = await emulatorMetadata.GetAsync(jwt.Kid, cancellationToken);
        // The Emulator's token is the bot's own (client credentials): the app id claim, not the audience, names the bot.
        var result = await handler.ValidateTokenAsync(token, Parameters(metadata, EmulatorIssuers, validateAudience: false));
        if (!result.IsValid)
        {
            return Refused(result.Exception);
        }

        // The SDK refuses an Emulator token without "ver": it says which claim names the app.
        var version = jwt.TryGetPayloadValue<string>("ver", out var ver) ? ver : null;
        if (version is not ("1.0" or "2.0"))
        {
            return ChannelTokenResult.Invalid(ChannelTokenFailure.InvalidToken, $"an Emulator token needs a \"ver\" claim of 1.0 or 2.0 (it has '{version}')");
        }

        var appIdClaim = version == "2.0" ? "azp" : "appid";
        var appId = jwt.TryGetPayloadValue<string>(appIdClaim, out var value) ? value : null;
        return string.Equals(appId, options.MicrosoftAppId, StringComparison.OrdinalIgnoreCase)
            ? ChannelTokenResult.Valid(result.ClaimsIdentity)
            : ChannelTokenResult.Invalid(ChannelTokenFailure.AppIdMismatch, $"the Emulator token's {appIdClaim} claim '{appId}' is not this bot's app id");
    }

    private TokenValidationParameters Parameters(OpenIdConnectConfiguration metadata, IEnumerable<string> issuers, bool validateAudience) => new()
    {
        ValidIssuers = issuers,
        ValidateIssuer = true,
        ValidAudience = options.MicrosoftAppId,
        ValidateAudience = validateAudience,
        // The JWKS entries themselves, so the key that verified a token is the entry carrying its endorsements.
        IssuerSigningKeys = metadata.JsonWebKeySet?.Keys is { Count: > 0 } jwks ? jwks : metadata.SigningKeys,
        ValidAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSha384, SecurityAlgorithms.RsaSha512],
        RequireSignedTokens = true,
        RequireExpirationTime = true,
        ValidateLifetime = true,
        ClockSkew = ClockSkew,
    };

    /// <summary>The channels a JWKS key endorses: its non-standard "endorsements" member, kept by JsonWebKey in AdditionalData.</summary>
    private static IReadOnlyList<string> EndorsementsOf(SecurityKey? key)
    {
        if (key is not JsonWebKey jwk || !jwk.AdditionalData.TryGetValue("endorsements", out var value))
        {
            return [];
        }

        return value switch
        {
            JsonElement { ValueKind: JsonValueKind.Array } array =>
                [.. array.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!)],
            IEnumerable<object> items => [.. items.OfType<string>()],
            _ => [],
        };
    }

    // The Connector writes the serviceurl claim exactly as the activity's serviceUrl; tolerate only a trailing slash.
    private static bool SameServiceUrl(string? claimed, string? activityServiceUrl) =>
        !string.IsNullOrEmpty(claimed) && !string.IsNullOrEmpty(activityServiceUrl)
        && string.Equals(claimed.TrimEnd('/'), activityServiceUrl.TrimEnd('/'), StringComparison.OrdinalIgnoreCase);

    private static ChannelTokenResult Refused(Exception? exception) => ChannelTokenResult.Invalid(
        exception switch
        {
            SecurityTokenSignatureKeyNotFoundException => ChannelTokenFailure.UnknownSigningKey,
            SecurityTokenInvalidSignatureException or SecurityTokenInvalidAlgorithmException => ChannelTokenFailure.InvalidSignature,
            SecurityTokenInvalidIssuerException => ChannelTokenFailure.InvalidIssuer,
            SecurityTokenInvalidAudienceException => ChannelTokenFailure.InvalidAudience,
            SecurityTokenExpiredException or SecurityTokenNotYetValidException or SecurityTokenNoExpirationException => ChannelTokenFailure.OutsideLifetime,
            SecurityTokenMalformedException => ChannelTokenFailure.MalformedToken,
            _ => ChannelTokenFailure.InvalidToken,
        },
        exception?.Message ?? "invalid token");
}
