using System.Linq.Expressions;
using Hangfire;
using Microsoft.Extensions.Configuration;
using SupportBot.Jobs.Campaigns;
using SupportBot.Jobs.Digests;
using SupportBot.Jobs.Faq;
using SupportBot.Jobs.Nudges;
using SupportBot.Jobs.StudyGroups;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.Jobs.Hosting;

/// <summary>
/// The one table of recurring jobs: each stable id, cron and time zone is written here and nowhere
/// else, so the schedule a reader sees is the schedule Hangfire gets.
/// </summary>
public static class RecurringJobs
{
    public const string CampaignsDispatch = "campaigns-dispatch";
    public const string VolunteerDigests = "digests-volunteers";
    public const string TutorDigests = "digests-tutors";
    public const string Nudges = "nudges-daily";
    public const string FaqMissClusters = "faq-miss-clusters";
    public const string StudyGroupsWeekly = "study-groups-weekly";
    public const string StudyGroupReminders = "study-group-reminders";
    public const string RoutingResume = "routing-resume";
    public const string RosterSync = "roster-sync-nightly";

    /// <summary>Where tutors work: their Monday digest, the daily nudges and the nightly clusters follow its clock.</summary>
    public static readonly TimeZoneInfo TutorsTimeZone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static IReadOnlyList<RecurringJobEntry> Table(IConfiguration configuration)
    {
        var groups = configuration.GetSection(GroupOptions.SectionName).Get<GroupOptions>() ?? new GroupOptions();
        var groupsZone = TimeZoneInfo.TryFindSystemTimeZoneById(groups.MatchTimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var utc = TimeZoneInfo.Utc;
        return
        [
            RecurringJobEntry.Of<CampaignsDispatchJob>(CampaignsDispatch, Cron.Minutely(), utc, j => j.RunAsync(CancellationToken.None)),
            // Five past the hour: away from the campaigns' and reminders' top-of-the-hour peaks.
            RecurringJobEntry.Of<VolunteerDigestJob>(VolunteerDigests, Cron.Hourly(5), utc, j => j.RunAsync(CancellationToken.None)),
            RecurringJobEntry.Of<TutorDigestJob>(TutorDigests, Cron.Weekly(DayOfWeek.Monday, 8), TutorsTimeZone, j => j.RunAsync(CancellationToken.None)),
            RecurringJobEntry.Of<SendNudgesJob>(Nudges, Cron.Daily(10), TutorsTimeZone, j => j.RunAsync(CancellationToken.None)),
            // 03:00, when nobody studies.
            RecurringJobEntry.Of<ClusterFaqMissesJob>(FaqMissClusters, "0 3 * * *", TutorsTimeZone, j => j.RunAsync(CancellationToken.None)),
            RecurringJobEntry.Of<WeeklyMatchingJob>(StudyGroupsWeekly, Cron.Weekly(groups.MatchDay, groups.MatchHour), groupsZone, j => j.RunAsync(CancellationToken.None)),
            RecurringJobEntry.Of<GroupRemindersJob>(StudyGroupReminders, "*/5 * * * *", utc, j => j.RunAsync(CancellationToken.None)),
            RecurringJobEntry.Of<Routing.ResumeRoutingJob>(RoutingResume, Cron.Minutely(), utc, j => j.RunAsync(CancellationToken.None)),
            // 02:30, before the 03:00 clusters and when platforms are quiet: who joined or left the course yesterday.
            RecurringJobEntry.Of<Roster.RosterSyncJob>(RosterSync, "30 2 * * *", TutorsTimeZone, j => j.RunAllAsync(CancellationToken.None)),
        ];
    }
}

/// <summary>One row of <see cref="RecurringJobs"/>: a stable id, a cron in an explicit time zone, and the job it runs.</summary>
public sealed record RecurringJobEntry(string Id, string Cron, TimeZoneInfo TimeZone, Action<IRecurringJobManager, RecurringJobEntry> Register)
{
    public static RecurringJobEntry Of<TJob>(string id, string cron, TimeZoneInfo zone, Expression<Func<TJob, Task>> run) =>
        new(id, cron, zone, (manager, e) => manager.AddOrUpdate(e.Id, run, e.Cron, new RecurringJobOptions { TimeZone = e.TimeZone }));
}
