using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Hosting;
using SupportBot.Shared.Roster;

namespace SupportBot.Shared.Lti;

public static class LtiPlatformsHosting
{
    /// <summary>
    /// Course platform registrations (settings and admin pages) and the roster sync through Names
    /// and Role Provisioning (#20), for the bot, the worker and the CLI; the registrations in
    /// settings are checked at start.
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotLtiPlatforms(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotLtiPlatforms)))
        {
            return builder;
        }

        builder.AddSupportBotRoster();
        var services = builder.Services;
        services.AddValidatedOptions<LtiOptions>(LtiOptions.SectionName);
        services.AddSingleton<IValidateOptions<LtiOptions>, RegistrationValidator>();
        services.TryAddSingleton<LtiPlatformStore>();
        services.TryAddSingleton<LtiPlatforms>();
        services.TryAddSingleton<LtiContextStore>();
        services.AddHttpClient(LtiServiceTokens.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.TryAddSingleton<LtiToolKey>();
        services.TryAddSingleton<LtiServiceTokens>();
        services.TryAddSingleton<NrpsMemberships>();
        services.TryAddSingleton<LtiRosterSync>();
        return builder;
    }

    /// <summary>Names each wrong platform setting by its path, e.g. Lti:Platforms:0:KeySetUrl.</summary>
    private sealed class RegistrationValidator : IValidateOptions<LtiOptions>
    {
        public ValidateOptionsResult Validate(string? name, LtiOptions options) =>
            options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
