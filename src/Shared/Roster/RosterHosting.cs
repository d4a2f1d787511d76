using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SupportBot.Shared.Roster;

public static class RosterHosting
{
    /// <summary>Roster import from the course platform's CSV (#20), for the CLI and the tutor pages.</summary>
    public static IHostApplicationBuilder AddSupportBotRoster(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton<RosterImport>();
        return builder;
    }
}
