using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Hosting;

namespace SupportBot.Shared.People;

public static class PeopleHosting
{
    public static IHostApplicationBuilder AddSupportBotPeople(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotPeople)))
        {
            return builder;
        }

        builder.Services.TryAddSingleton<PeopleStore>();
        builder.Services.AddValidatedOptions<LearnerLinkOptions>(LearnerLinkOptions.SectionName);
        builder.Services.TryAddSingleton<LearnerLinks>();
        builder.Services.TryAddSingleton<LearnerPrivacy>();
        return builder;
    }
}
