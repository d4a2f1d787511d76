using Hangfire;
using Microsoft.Extensions.Hosting;

namespace SupportBot.Jobs.Hosting;

/// <summary>
/// Declares the recurring jobs of <see cref="RecurringJobs"/> when the host starts. Only hosts running a
/// Hangfire server add it (see <see cref="JobsHosting"/>), so a web host without one never touches
/// Hangfire's storage. AddOrUpdate is idempotent: every server starting declares the same schedule.
/// </summary>
internal sealed class RecurringJobsRegistration(IRecurringJobManager recurring, IReadOnlyList<RecurringJobEntry> table) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var entry in table)
        {
            entry.Register(recurring, entry);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
