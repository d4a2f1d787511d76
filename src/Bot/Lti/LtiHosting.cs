using SupportBot.Shared.Lti;

namespace SupportBot.Bot.Lti;

public static class LtiHosting
{
    /// <summary>LTI 1.3 launches from course platforms (#20); each platform registration is checked at start.</summary>
    public static IHostApplicationBuilder AddSupportBotLti(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        builder.AddSupportBotLtiPlatforms();
        services.AddHttpClient(LtiPlatformKeys.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<LtiPlatformKeys>();
        services.AddSingleton<LtiLogins>();
        services.AddSingleton<LtiLaunchValidator>();
        services.AddSingleton<LtiDeepLinkingResponse>();
        return builder;
    }
}
