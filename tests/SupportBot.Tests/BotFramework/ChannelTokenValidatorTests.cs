using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SupportBot.Bot.BotFramework;
using SupportBot.Shared.Conversations;

namespace SupportBot.Tests.BotFramework;

public sealed class ChannelTokenValidatorTests : IAsyncLifetime
{
    private const string AppId = "bot-app-id";
    private const string ServiceUrl = "https://smba.trafficmanager.net/emea/";
    private const string EmulatorIssuer = "https://sts.windows.net/d6d49420-f39b-4df7-a1dc-d59a935871db/";

    private readonly IssuerKey key = new("key-1", "msteams", "webchat");
    private LocalOpenIdIssuer issuer = null!;

    public async Task InitializeAsync() => issuer = await LocalOpenIdIssuer.StartAsync(key);

    public async Task DisposeAsync() => await issuer.DisposeAsync();

    private ChannelTokenValidator Validator(bool allowEmulator = false, string? appId = AppId, bool allowUnauthenticated = false, string? tenantId = null, BotAppType appType = BotAppType.MultiTenant, TimeSpan? forcedRefreshInterval = null)
    {
        var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        return new ChannelTokenValidator(
            Options.Create(new BotOptions
            {
                MicrosoftAppId = appId,
                MicrosoftAppPassword = "secret",
                AllowEmulator = allowEmulator,
                AllowUnauthenticated = allowUnauthenticated,
                OpenIdMetadataUrl = issuer.MetadataUrl,
                EmulatorOpenIdMetadataUrl = issuer.MetadataUrl,
                AppType = appType,
                TenantId = tenantId,
                TenantOpenIdMetadataUrl = issuer.MetadataUrl + "?tenant={tenant}",
            }),
            services.GetRequiredService<IHttpClientFactory>(),
            new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { EnvironmentName = "Development" },
            forcedRefreshInterval ?? TimeSpan.FromMinutes(5));
    }

    private static Activity TeamsMessage(string channelId = "msteams", string serviceUrl = ServiceUrl) => new()
    {
        Type = ActivityTypes.Message,
        ChannelId = channelId,
        ServiceUrl = serviceUrl,
        Conversation = new ConversationAccount { Id = "a:1" },
    };

    private Task<ChannelTokenResult> ValidateAsync(string token, Activity? activity = null, ChannelTokenValidator? validator = null) =>
        (validator ?? Validator()).ValidateAsync($"Bearer {token}", activity ?? TeamsMessage(), CancellationToken.None);

    [Fact]
    public async Task Valid_Connector_token_is_accepted()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key));

        Assert.True(result.IsValid, result.Detail);
        Assert.False(result.AuthenticationDisabled);
        Assert.Equal(LocalOpenIdIssuer.ConnectorIssuer, result.Identity!.FindFirst("iss")!.Value);
    }

    [Theory]
    [InlineData(BotAppType.SingleTenant, "https://sts.windows.net/contoso-tenant/")]
    [InlineData(BotAppType.SingleTenant, "https://login.microsoftonline.com/contoso-tenant/v2.0")]
    [InlineData(BotAppType.UserAssignedMSI, "https://login.microsoftonline.com/contoso-tenant/v2.0")]
    [InlineData(BotAppType.MultiTenant, "https://sts.windows.net/contoso-tenant/")]
    public async Task Token_from_the_bots_own_tenant_is_accepted_for_its_app_id(BotAppType appType, string tenantIssuer)
    {
        var validator = Validator(tenantId: "contoso-tenant", appType: appType);

        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, issuer: tenantIssuer, serviceUrl: null), validator: validator);

        Assert.True(result.IsValid, result.Detail);
        Assert.Equal(tenantIssuer, result.Identity!.FindFirst("iss")!.Value);
    }

    [Fact]
    public async Task Connector_token_is_still_accepted_by_a_single_tenant_bot()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), validator: Validator(tenantId: "contoso-tenant", appType: BotAppType.SingleTenant));

        Assert.True(result.IsValid, result.Detail);
    }

    [Fact]
    public async Task Token_from_another_tenant_or_for_another_app_is_refused()
    {
        var validator = Validator(tenantId: "contoso-tenant", appType: BotAppType.SingleTenant);

        var otherTenant = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, issuer: "https://sts.windows.net/fabrikam-tenant/", serviceUrl: null), validator: validator);
        var otherApp = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, issuer: "https://sts.windows.net/contoso-tenant/", audience: "another-app", serviceUrl: null), validator: validator);

        Assert.Equal(ChannelTokenFailure.InvalidIssuer, otherTenant.Failure);
        Assert.Equal(ChannelTokenFailure.InvalidAudience, otherApp.Failure);
    }

    [Fact]
    public async Task Tenant_tokens_are_refused_when_the_bot_names_no_tenant()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, issuer: "https://sts.windows.net/contoso-tenant/", serviceUrl: null));

        Assert.Equal(ChannelTokenFailure.InvalidIssuer, result.Failure);
    }

    [Fact]
    public async Task Keys_are_fetched_once_for_many_tokens()
    {
        var validator = Validator();

        for (var i = 0; i < 3; i++)
        {
            Assert.True((await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), validator: validator)).IsValid);
        }

        Assert.Equal(1, issuer.JwksRequests);
    }

    [Fact]
    public async Task Token_signed_by_a_rotated_key_is_accepted_after_one_forced_refresh()
    {
        var validator = Validator();
        Assert.True((await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), validator: validator)).IsValid);
        var rotated = new IssuerKey("key-2", "msteams");
        issuer.Publish(key, rotated);

        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(rotated), validator: validator);

        Assert.True(result.IsValid, result.Detail);
    }

    [Fact]
    public async Task Unknown_key_ids_force_at_most_one_refresh()
    {
        var validator = Validator();
        Assert.True((await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), validator: validator)).IsValid);
        var stranger = new IssuerKey("unpublished", "msteams");

        var first = await ValidateAsync(LocalOpenIdIssuer.CreateToken(stranger), validator: validator);
        var second = await ValidateAsync(LocalOpenIdIssuer.CreateToken(stranger), validator: validator);

        Assert.Equal(ChannelTokenFailure.UnknownSigningKey, first.Failure);
        Assert.Equal(ChannelTokenFailure.UnknownSigningKey, second.Failure);
        // The first fetch, one forced fetch, and perhaps the cache's own background catch-up.
        Assert.InRange(issuer.JwksRequests, 2, 3);
    }

    [Fact]
    public async Task A_key_the_issuer_withdraws_is_refused_once_the_keys_are_fetched_again()
    {
        var validator = Validator(forcedRefreshInterval: TimeSpan.FromSeconds(1));
        Assert.True((await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), validator: validator)).IsValid);
        var rotated = new IssuerKey("key-2", "msteams");
        issuer.Publish(key, rotated);
        Assert.True((await ValidateAsync(LocalOpenIdIssuer.CreateToken(rotated), validator: validator)).IsValid);

        // key-2 withdrawn (leaked, say); the next fetch, here forced by a token naming a new key, must forget it.
        issuer.Publish(key);
        await Task.Delay(TimeSpan.FromSeconds(1.2));
        await ValidateAsync(LocalOpenIdIssuer.CreateToken(new IssuerKey("key-3", "msteams")), validator: validator);
        var withdrawn = await ValidateAsync(LocalOpenIdIssuer.CreateToken(rotated), validator: validator);

        Assert.Equal(ChannelTokenFailure.UnknownSigningKey, withdrawn.Failure);
        Assert.True((await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), validator: validator)).IsValid);
    }

    [Theory]
    [InlineData("RS384")]
    [InlineData("RS512")]
    public async Task Tokens_signed_with_RS384_or_RS512_are_accepted_like_the_SDK_does(string algorithm)
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, algorithm: algorithm));

        Assert.True(result.IsValid, result.Detail);
    }

    [Fact]
    public async Task Tokens_signed_with_HS256_are_refused()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, algorithm: "RS256", symmetricKey: new byte[32]));

        Assert.False(result.IsValid);
    }

    [Fact]
    public async Task Endorsements_are_compared_exactly()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), TeamsMessage(channelId: "MsTeams"));

        Assert.Equal(ChannelTokenFailure.MissingEndorsement, result.Failure);
    }

    [Fact]
    public async Task Emulator_token_without_a_ver_claim_is_refused()
    {
        var token = LocalOpenIdIssuer.CreateToken(key, issuer: EmulatorIssuer, audience: AppId, serviceUrl: null,
            claims: new Dictionary<string, object> { ["appid"] = AppId });

        var result = await ValidateAsync(token, TeamsMessage(channelId: "emulator", serviceUrl: "http://localhost:5000"), Validator(allowEmulator: true));

        Assert.False(result.IsValid);
        Assert.Contains("ver", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_signature_is_rejected()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key.Forged()));

        Assert.Equal(ChannelTokenFailure.InvalidSignature, result.Failure);
    }

    [Fact]
    public async Task Token_for_another_bot_is_rejected()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, audience: "another-bot"));

        Assert.Equal(ChannelTokenFailure.InvalidAudience, result.Failure);
    }

    [Fact]
    public async Task Token_from_another_issuer_is_rejected()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, issuer: "https://evil.example"));

        Assert.Equal(ChannelTokenFailure.InvalidIssuer, result.Failure);
    }

    [Fact]
    public async Task Token_expired_beyond_the_clock_skew_is_rejected()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, expires: DateTime.UtcNow.AddMinutes(-6)));

        Assert.Equal(ChannelTokenFailure.OutsideLifetime, result.Failure);
    }

    [Fact]
    public async Task Token_expired_within_the_clock_skew_is_accepted()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, expires: DateTime.UtcNow.AddMinutes(-4)));

        Assert.True(result.IsValid, result.Detail);
    }

    [Fact]
    public async Task Key_that_does_not_endorse_the_channel_is_rejected()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), TeamsMessage(channelId: "slack"));

        Assert.Equal(ChannelTokenFailure.MissingEndorsement, result.Failure);
    }

    [Fact]
    public async Task Activity_without_a_channel_is_rejected()
    {
        var activity = TeamsMessage();
        activity.ChannelId = null;

        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), activity);

        Assert.Equal(ChannelTokenFailure.MissingEndorsement, result.Failure);
    }

    [Fact]
    public async Task ServiceUrl_other_than_the_tokens_is_rejected()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key), TeamsMessage(serviceUrl: "https://attacker.example/"));

        Assert.Equal(ChannelTokenFailure.ServiceUrlMismatch, result.Failure);
    }

    [Fact]
    public async Task Token_without_a_serviceurl_claim_is_rejected()
    {
        var result = await ValidateAsync(LocalOpenIdIssuer.CreateToken(key, serviceUrl: null));

        Assert.Equal(ChannelTokenFailure.ServiceUrlMismatch, result.Failure);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task Missing_token_is_rejected(string? header)
    {
        var result = await Validator().ValidateAsync(header, TeamsMessage(), CancellationToken.None);

        Assert.Equal(ChannelTokenFailure.MissingToken, result.Failure);
    }

    [Fact]
    public async Task Garbage_token_is_rejected()
    {
        var result = await ValidateAsync("not.a-jwt");

        Assert.Equal(ChannelTokenFailure.MalformedToken, result.Failure);
    }

    [Fact]
    public async Task Emulator_token_is_refused_unless_allowed()
    {
        var token = LocalOpenIdIssuer.CreateToken(key, issuer: EmulatorIssuer, audience: AppId, serviceUrl: null,
            claims: new Dictionary<string, object> { ["appid"] = AppId, ["ver"] = "1.0" });

        var refused = await ValidateAsync(token, TeamsMessage(channelId: "emulator", serviceUrl: "http://localhost:5000"));
        var accepted = await ValidateAsync(token, TeamsMessage(channelId: "emulator", serviceUrl: "http://localhost:5000"), Validator(allowEmulator: true));

        Assert.Equal(ChannelTokenFailure.EmulatorNotAllowed, refused.Failure);
        Assert.True(accepted.IsValid, accepted.Detail);
    }

    [Fact]
    public async Task Emulator_v2_token_for_another_app_is_rejected()
    {
        var token = LocalOpenIdIssuer.CreateToken(key, issuer: "https://login.microsoftonline.com/f8cdef31-a31e-4b4a-93e4-5f571e91255a/v2.0",
            audience: "another-app", serviceUrl: null, claims: new Dictionary<string, object> { ["azp"] = "another-app", ["ver"] = "2.0" });

        var result = await ValidateAsync(token, TeamsMessage(channelId: "emulator"), Validator(allowEmulator: true));

        Assert.Equal(ChannelTokenFailure.AppIdMismatch, result.Failure);
    }

    [Fact]
    public async Task Without_an_app_id_every_request_is_refused_unless_unauthenticated_development_is_switched_on()
    {
        var refused = await Validator(appId: null).ValidateAsync(null, TeamsMessage(), CancellationToken.None);
        var playground = await Validator(appId: null, allowUnauthenticated: true).ValidateAsync(null, TeamsMessage(), CancellationToken.None);

        Assert.Equal(ChannelTokenFailure.NotConfigured, refused.Failure);
        Assert.True(playground.IsValid);
        Assert.True(playground.AuthenticationDisabled);
    }
}
