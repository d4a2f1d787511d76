using Microsoft.Extensions.Options;
using SupportBot.Shared.Hosting;

namespace SupportBot.Bot.Lti;

public static class LtiHosting
{
    /// <summary>LTI 1.3 launches from course platforms (#20); each platform registration is checked at start.</summary>
    public static IHostApplicationBuilder AddSupportBotLti(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddValidatedOptions<LtiOptions>(LtiOptions.SectionName);
        services.AddSingleton<IValidateOptions<LtiOptions>, RegistrationValidator>();
        services.AddHttpClient(LtiPlatformKeys.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<LtiPlatformKeys>();
        services.AddSingleton<LtiLogins>();
        services.AddSingleton<LtiLaunchValidator>();
        return builder;
    }

    /// <summary>Names each wrong platform setting by its path, e.g. Lti:Platforms:0:KeySetUrl.</summary>
    private sealed class RegistrationValidator : IValidateOptions<LtiOptions>
    {
        public ValidateOptionsResult Validate(string? name, LtiOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
