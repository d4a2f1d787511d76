using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SupportBot.Shared.People;

public static class PeopleHosting
{
    public static IHostApplicationBuilder AddSupportBotPeople(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<PeopleStore>();
        return builder;
    }
}
