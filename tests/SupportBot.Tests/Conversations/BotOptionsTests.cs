using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Conversations;

namespace SupportBot.Tests.Conversations;

public sealed class BotOptionsTests
{
    private static BotOptions Bind(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSupportBotConversations();
        using var services = builder.Services.BuildServiceProvider();
        return services.GetRequiredService<IOptions<BotOptions>>().Value;
    }

    [Fact]
    public void Defaults_are_local_development_against_the_public_Bot_Framework()
    {
        var options = Bind([]);

        Assert.False(options.AuthenticationEnabled);
        Assert.False(options.AllowEmulator);
        Assert.Equal("https://login.botframework.com/v1/.well-known/openidconfiguration", options.OpenIdMetadataUrl);
        Assert.Equal("https://api.botframework.com", options.Issuer);
        Assert.Equal(new Uri("https://login.microsoftonline.com/botframework.com/oauth2/v2.0/token"), options.ResolveTokenEndpoint());
    }

    [Fact]
    public void App_id_without_a_password_is_named_at_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Bot:MicrosoftAppId"] = "bot-app-id" }));

        Assert.Contains(error.Failures, f => f.StartsWith("Bot:MicrosoftAppPassword: is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Plain_http_allowed_serviceUrl_is_refused_at_start()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Bot:AllowedServiceUrls:0"] = "http://smba.trafficmanager.net/" }));

        Assert.Contains(error.Failures, f => f.StartsWith("Bot:AllowedServiceUrls:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("SingleTenant")]
    [InlineData("UserAssignedMSI")]
    public void Single_tenant_and_managed_identity_bots_need_their_tenant(string appType)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new()
        {
            ["Bot:MicrosoftAppId"] = "bot-app-id",
            ["Bot:MicrosoftAppPassword"] = appType == "SingleTenant" ? "secret" : null,
            ["Bot:AppType"] = appType,
            ["Bot:AllowedTenants:0"] = "tenant-1",
        }));

        Assert.Contains($"Bot:TenantId: is required when AppType is {appType} (the bot's Microsoft Entra tenant id)", error.Failures);
    }

    [Fact]
    public void Managed_identity_bot_with_a_password_is_refused_and_without_one_starts()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Bot:MicrosoftAppId"] = "bot-app-id",
            ["Bot:MicrosoftAppPassword"] = "secret",
            ["Bot:AppType"] = "UserAssignedMSI",
            ["Bot:TenantId"] = "contoso-tenant",
        };
        var error = Assert.Throws<OptionsValidationException>(() => Bind(settings));
        Assert.Contains(error.Failures, f => f.StartsWith("Bot:MicrosoftAppPassword: must be empty when AppType is UserAssignedMSI", StringComparison.Ordinal));

        settings.Remove("Bot:MicrosoftAppPassword");
        var options = Bind(settings);

        Assert.Equal(BotAppType.UserAssignedMSI, options.AppType);
        Assert.True(options.IsTenantAllowed("contoso-tenant"));
        Assert.Equal(["https://sts.windows.net/contoso-tenant/", "https://login.microsoftonline.com/contoso-tenant/v2.0"], options.TenantIssuers);
    }

    [Fact]
    public void Single_tenant_bot_asks_its_own_tenant_for_tokens()
    {
        var options = Bind(new()
        {
            ["Bot:MicrosoftAppId"] = "bot-app-id",
            ["Bot:MicrosoftAppPassword"] = "secret",
            ["Bot:AppType"] = "SingleTenant",
            ["Bot:TenantId"] = "contoso-tenant",
        });

        Assert.Equal(new Uri("https://login.microsoftonline.com/contoso-tenant/oauth2/v2.0/token"), options.ResolveTokenEndpoint());
    }
}
