using Microsoft.Extensions.Logging;
using SupportBot.Jobs.Hosting;
using SupportBot.Shared.Faq;

namespace SupportBot.Jobs.Faq;

/// <summary>
/// Nightly: groups the last week's unanswered FAQ questions into the day's clusters for tutors.
/// Safe to run twice: a second run replaces the day's open clusters.
/// </summary>
public sealed partial class ClusterFaqMissesJob(FaqMissClusterStore store, TimeProvider clock, ILogger<ClusterFaqMissesJob> logger)
{
    /// <summary>A week: long enough for a recurring question to show, short enough to stay current.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public async Task RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, RecurringJobs.TutorsTimeZone).DateTime);
        var clusters = await store.RefreshDayAsync(day, now - Window, now, options: null, ct);
        LogClustered(day, clusters.Count, clusters.Sum(c => c.Size));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "FAQ misses of the week before {Day}: {Clusters} clusters covering {Questions} questions")]
    private partial void LogClustered(DateOnly day, int clusters, int questions);
}
