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
}
