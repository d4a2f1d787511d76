using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Nudges;

namespace SupportBot.Jobs.Nudges;

public static class NudgeJobsHosting
{
    /// <summary>The inactivity nudge job (schedule in Hosting/RecurringJobs.cs).</summary>
    public static IHostApplicationBuilder AddSupportBotNudgeJobs(this IHostApplicationBuilder builder)
    {
        builder.AddSupportBotNudges();
        builder.Services.TryAddTransient<SendNudgesJob>();
        return builder;
    }
}
