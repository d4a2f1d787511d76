using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Hosting;

/// <summary>
/// Binds an options class to its section and validates it at start, naming each bad setting by
/// its configuration path ("Database:ConnectionString") so the host stops with a line an
/// operator can act on.
/// </summary>
public static class ValidatedOptions
{
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions>(this IServiceCollection services, string sectionName)
        where TOptions : class
    {
        // Features register what they need, so the same options may be asked for twice: bind them once.
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<TOptions>) && d.ImplementationInstance is SectionValidator<TOptions>))
        {
            return services.AddOptions<TOptions>();
        }

        services.AddSingleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(sectionName));
        return services.AddOptions<TOptions>().BindConfiguration(sectionName).ValidateOnStart();
    }

    private sealed class SectionValidator<TOptions>(string sectionName) : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var results = new List<ValidationResult>();
            if (Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(results.Select(r =>
                $"{sectionName}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}"));
        }
    }
}
