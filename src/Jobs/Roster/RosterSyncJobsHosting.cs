using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Lti;

namespace SupportBot.Jobs.Roster;

public static class RosterSyncJobsHosting
{
    /// <summary>The roster sync job (#20) and the Hangfire side of <see cref="IRosterSyncJobs"/>.</summary>
    public static IHostApplicationBuilder AddSupportBotRosterSyncJobs(this IHostApplicationBuilder builder)
    {
        builder.AddSupportBotLtiPlatforms();
        builder.Services.TryAddSingleton<IRosterSyncJobs, HangfireRosterSyncJobs>();
        builder.Services.TryAddTransient<RosterSyncJob>();
        return builder;
    }

    private sealed class HangfireRosterSyncJobs(IBackgroundJobClient jobs) : IRosterSyncJobs
    {
        public void Sync(string platform, string contextId) => jobs.Enqueue<RosterSyncJob>(j => j.RunAsync(platform, contextId, CancellationToken.None));

        public void SyncAll() => jobs.Enqueue<RosterSyncJob>(j => j.RunAllAsync(CancellationToken.None));
    }
}
