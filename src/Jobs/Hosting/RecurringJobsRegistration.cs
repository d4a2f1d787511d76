using Hangfire;
using Microsoft.Extensions.Hosting;
using SupportBot.Jobs.Faq;

namespace SupportBot.Jobs.Hosting;

/// <summary>
/// Declares the recurring jobs with their stable ids when the host starts. Only hosts running a
/// Hangfire server add it (see <see cref="JobsHosting"/>), so a web host without one never touches
/// Hangfire's storage. AddOrUpdate is idempotent: every server starting declares the same schedule.
/// </summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager recurring) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<ClusterFaqMissesJob>(
            ClusterFaqMissesJob.RecurringId,
            job => job.RunAsync(CancellationToken.None),
            ClusterFaqMissesJob.Cron,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.FindSystemTimeZoneById(ClusterFaqMissesJob.TimeZoneId) });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
