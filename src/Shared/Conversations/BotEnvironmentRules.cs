using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// The Bot settings that weaken authentication are for a developer's machine: outside Development
/// the host does not start with them, so a copied development configuration cannot open
/// /api/messages in production.
/// </summary>
internal sealed class BotEnvironmentRules(IHostEnvironment environment) : IValidateOptions<BotOptions>
{
    public ValidateOptionsResult Validate(string? name, BotOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var where = $"only allowed in Development (the environment is {environment.EnvironmentName})";
        if (options.AllowUnauthenticated)
        {
            failures.Add($"{BotOptions.SectionName}:{nameof(BotOptions.AllowUnauthenticated)}: is {where}");
        }

        if (options.AllowEmulator)
        {
            failures.Add($"{BotOptions.SectionName}:{nameof(BotOptions.AllowEmulator)}: is {where}");
        }

        foreach (var url in options.AllowedServiceUrls)
        {
            if (ServiceUrlGuard.Normalize(url) is { } uri && ServiceUrlGuard.IsLoopback(uri))
            {
                failures.Add($"{BotOptions.SectionName}:{nameof(BotOptions.AllowedServiceUrls)}: '{url}' is a loopback address, {where}");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
