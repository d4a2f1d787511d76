using Hangfire;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.Jobs.StudyGroups;

/// <summary>Sends each study-group notice as its own Hangfire job, so a chat turn or a page never sends inline.</summary>
internal sealed class HangfireGroupNotices(IBackgroundJobClient jobs) : IGroupNotices
{
    public Task NotifyAsync(IReadOnlyList<GroupNotice> notices, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(notices);
        foreach (var notice in notices)
        {
            jobs.Enqueue<SendGroupNoticeJob>(j => j.RunAsync(notice, CancellationToken.None));
        }

        return Task.CompletedTask;
    }
}

/// <summary>One notice to one member (chat and/or email); safe to run twice: the send log keys it.</summary>
public sealed class SendGroupNoticeJob(GroupMessenger messenger)
{
    public Task RunAsync(GroupNotice notice, CancellationToken ct) => messenger.SendAsync(notice, ct);
}

/// <summary>
/// Weekly (Hosting/RecurringJobs.cs: Groups:MatchDay/MatchHour in Groups:MatchTimeZone):
/// one <see cref="MatchModuleJob"/> per module with opt-ins, so modules are matched (and retried) apart.
/// </summary>
public sealed class WeeklyMatchingJob(GroupQueries queries, IBackgroundJobClient jobs)
{
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var modules = await queries.ModulesWithOptInsAsync(ct);
        foreach (var module in modules)
        {
            jobs.Enqueue<MatchModuleJob>(j => j.RunAsync(module, CancellationToken.None));
        }

        return modules.Count;
    }
}

/// <summary>A matching round for one module: proposals stored, members notified.</summary>
public sealed class MatchModuleJob(StudyGroupRounds groups)
{
    public Task<RoundResult> RunAsync(string moduleId, CancellationToken ct) => groups.RunRoundAsync(moduleId, ct: ct);
}

/// <summary>Every 5 minutes (Hosting/RecurringJobs.cs): the reminders now due.</summary>
public sealed class GroupRemindersJob(GroupReminders reminders)
{
    public Task<int> RunAsync(CancellationToken ct) => reminders.SendDueAsync(ct);
}
