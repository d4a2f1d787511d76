using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// The bot's identity with the Bot Framework: used inbound (token validation, in Bot) and outbound
/// (Connector client, here, so a worker can send without the web host).
/// </summary>
public sealed class BotOptions : IValidatableObject
{
    public const string SectionName = "Bot";

    /// <summary>The scope of the tokens the bot gets to call the Connector API.</summary>
    public const string ConnectorScope = "https://api.botframework.com/.default";

    /// <summary>The Azure Bot's Microsoft App ID; empty = local development without authentication.</summary>
    public string? MicrosoftAppId { get; set; }

    /// <summary>The app's client secret, used to get outbound tokens (user secrets or environment, never the repo).</summary>
    public string? MicrosoftAppPassword { get; set; }

    /// <summary>
    /// The Azure Bot's type: SingleTenant (new bots; multi-tenant creation is deprecated), MultiTenant,
    /// or UserAssignedMSI (a user-assigned managed identity, no secret). Decides where outbound tokens come from.
    /// </summary>
    public BotAppType AppType { get; set; } = BotAppType.MultiTenant;

    /// <summary>
    /// The bot's Microsoft Entra tenant: required for SingleTenant and UserAssignedMSI (outbound tokens from
    /// login.microsoftonline.com/&lt;tenant&gt;; inbound tokens from that tenant's issuers accepted); always an allowed tenant.
    /// </summary>
    public string? TenantId { get; set; }

    /// <summary>Entra's OpenID metadata for tokens issued by the bot's tenant; {tenant} is replaced by TenantId.</summary>
    [Required(ErrorMessage = "is required (Entra's OpenID metadata URL with {tenant})")]
    public string TenantOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/{tenant}/v2.0/.well-known/openid-configuration";

    /// <summary>UserAssignedMSI: the Azure Instance Metadata Service token endpoint (the managed identity protocol).</summary>
    [Required(ErrorMessage = "is required (the managed identity token endpoint)")]
    public string ManagedIdentityEndpoint { get; set; } = "http://169.254.169.254/metadata/identity/oauth2/token";

    /// <summary>Accept Bot Framework Emulator tokens (Azure AD v1/v2 from the Bot Framework tenants); Development only.</summary>
    public bool AllowEmulator { get; set; }

    /// <summary>
    /// Development only, and only while MicrosoftAppId is empty: accept activities without a token
    /// (Microsoft 365 Agents Playground). Without it, a bot with no app id refuses every activity.
    /// </summary>
    public bool AllowUnauthenticated { get; set; }

    /// <summary>
    /// The Microsoft Entra tenants whose Teams users may use the bot (tenant ids); required when
    /// MicrosoftAppId is set. TenantId, when set, is always allowed.
    /// </summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>OpenID metadata of the Bot Connector, whose jwks_uri lists the signing keys and their endorsements.</summary>
    [Required(ErrorMessage = "is required (the Bot Connector's OpenID metadata URL)")]
    public string OpenIdMetadataUrl { get; set; } = "https://login.botframework.com/v1/.well-known/openidconfiguration";

    /// <summary>OpenID metadata for Emulator tokens, read only when AllowEmulator is true.</summary>
    [Required(ErrorMessage = "is required (the Azure AD OpenID metadata URL for Emulator tokens)")]
    public string EmulatorOpenIdMetadataUrl { get; set; } = "https://login.microsoftonline.com/botframework.com/v2.0/.well-known/openid-configuration";

    /// <summary>The issuer of Bot Connector tokens.</summary>
    [Required(ErrorMessage = "is required (the issuer of Bot Connector tokens, https://api.botframework.com)")]
    public string Issuer { get; set; } = "https://api.botframework.com";

    /// <summary>Where outbound tokens come from (client secret); botframework.com is replaced by TenantId for a SingleTenant bot.</summary>
    [Required(ErrorMessage = "is required (the OAuth 2.0 token endpoint for outbound Connector calls)")]
    public string TokenEndpoint { get; set; } = "https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token";

    /// <summary>Base URLs the bot may send to even before a channel called from them (e.g. https://smba.trafficmanager.net/).</summary>
    public List<string> AllowedServiceUrls { get; set; } = [];

    /// <summary>False in local development without an app id: no inbound check, no outbound token.</summary>
    public bool AuthenticationEnabled => !string.IsNullOrWhiteSpace(MicrosoftAppId);

    /// <summary>Whether a Teams activity from this tenant may reach the bot (tenant ids compare case-insensitively, they are GUIDs).</summary>
    public bool IsTenantAllowed(string? tenantId) =>
        !string.IsNullOrWhiteSpace(tenantId)
        && (AllowedTenants.Any(t => string.Equals(t.Trim(), tenantId, StringComparison.OrdinalIgnoreCase))
            || string.Equals(TenantId?.Trim(), tenantId, StringComparison.OrdinalIgnoreCase));

    /// <summary>Entra's issuers for tokens from the bot's own tenant (v1 and v2), accepted inbound as the Microsoft SDK does; none without TenantId.</summary>
    public IReadOnlyList<string> TenantIssuers => string.IsNullOrWhiteSpace(TenantId)
        ? []
        : [$"https://sts.windows.net/{TenantId.Trim()}/", $"https://login.microsoftonline.com/{TenantId.Trim()}/v2.0"];

    /// <summary>The token endpoint: the bot's own tenant for a SingleTenant bot, botframework.com for a MultiTenant one.</summary>
    public Uri ResolveTokenEndpoint()
    {
        var endpoint = TokenEndpoint;
        if (AppType == BotAppType.SingleTenant && !string.IsNullOrWhiteSpace(TenantId))
        {
            endpoint = endpoint.Replace("/botframework.com/", $"/{TenantId.Trim()}/", StringComparison.OrdinalIgnoreCase);
        }

        return new Uri(endpoint, UriKind.Absolute);
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (AuthenticationEnabled && AppType != BotAppType.UserAssignedMSI && string.IsNullOrWhiteSpace(MicrosoftAppPassword))
        {
            yield return new ValidationResult(
                "is required when MicrosoftAppId is set (the app's client secret, from user secrets or SUPPORTBOT__Bot__MicrosoftAppPassword)",
                [nameof(MicrosoftAppPassword)]);
        }

        if (AppType == BotAppType.UserAssignedMSI && !string.IsNullOrWhiteSpace(MicrosoftAppPassword))
        {
            yield return new ValidationResult(
                "must be empty when AppType is UserAssignedMSI (a managed identity has no secret; MicrosoftAppId is its client id)",
                [nameof(MicrosoftAppPassword)]);
        }

        if (AuthenticationEnabled && AppType != BotAppType.MultiTenant && string.IsNullOrWhiteSpace(TenantId))
        {
            yield return new ValidationResult(
                $"is required when AppType is {AppType} (the bot's Microsoft Entra tenant id)",
                [nameof(TenantId)]);
        }

        if (!TenantOpenIdMetadataUrl.Contains("{tenant}", StringComparison.Ordinal))
        {
            yield return new ValidationResult("must contain {tenant}", [nameof(TenantOpenIdMetadataUrl)]);
        }

        if (!Uri.TryCreate(ManagedIdentityEndpoint, UriKind.Absolute, out var msi) || (msi.Scheme != Uri.UriSchemeHttp && msi.Scheme != Uri.UriSchemeHttps))
        {
            yield return new ValidationResult("must be an absolute http(s) URL", [nameof(ManagedIdentityEndpoint)]);
        }

        if ((AuthenticationEnabled || AllowUnauthenticated) && AllowedTenants.All(string.IsNullOrWhiteSpace) && string.IsNullOrWhiteSpace(TenantId))
        {
            yield return new ValidationResult(
                "is required when MicrosoftAppId is set or AllowUnauthenticated is true (the Microsoft Entra tenant ids whose Teams users may use the bot)",
                [nameof(AllowedTenants)]);
        }

        foreach (var (name, value) in new[]
        {
            (nameof(OpenIdMetadataUrl), OpenIdMetadataUrl),
            (nameof(EmulatorOpenIdMetadataUrl), EmulatorOpenIdMetadataUrl),
            (nameof(TokenEndpoint), TokenEndpoint),
            (nameof(TenantOpenIdMetadataUrl), TenantOpenIdMetadataUrl.Replace("{tenant}", "tenant", StringComparison.Ordinal)),
        })
        {
            if (!string.IsNullOrWhiteSpace(value) && !ServiceUrlGuard.IsSecureOrLoopback(value))
            {
                yield return new ValidationResult("must be an absolute https URL (http only for localhost)", [name]);
            }
        }

        foreach (var url in AllowedServiceUrls)
        {
            if (!ServiceUrlGuard.IsSecureOrLoopback(url))
            {
                yield return new ValidationResult($"'{url}' must be an absolute https URL (http only for localhost)", [nameof(AllowedServiceUrls)]);
            }
        }
    }
}

/// <summary>The Azure Bot resource's "Type of App".</summary>
public enum BotAppType
{
    MultiTenant,
    SingleTenant,
    UserAssignedMSI,
}
