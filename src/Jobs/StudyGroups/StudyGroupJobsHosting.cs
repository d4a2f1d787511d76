using Hangfire;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Jobs.Campaigns;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.Jobs.StudyGroups;

public static class StudyGroupJobsHosting
{
    /// <summary>Study-group jobs (#8): notices through Hangfire, the weekly rounds, the reminders.</summary>
    public static IHostApplicationBuilder AddSupportBotStudyGroupJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.Replace(ServiceDescriptor.Singleton<IGroupNotices, HangfireGroupNotices>());
        services.TryAddTransient<SendGroupNoticeJob>();
        services.TryAddTransient<WeeklyMatchingJob>();
        services.TryAddTransient<MatchModuleJob>();
        services.TryAddTransient<GroupRemindersJob>();

        var o = builder.Configuration.GetSection(GroupOptions.SectionName).Get<GroupOptions>() ?? new GroupOptions();
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(o.MatchTimeZone, out var z) ? z : TimeZoneInfo.Utc;
        var weekly = Cron.Weekly(o.MatchDay, o.MatchHour);
        services.AddSingleton(new RecurringJobDefinition(WeeklyMatchingJob.RecurringId, weekly, zone,
            m => m.AddOrUpdate<WeeklyMatchingJob>(WeeklyMatchingJob.RecurringId, j => j.RunAsync(CancellationToken.None), weekly,
                new RecurringJobOptions { TimeZone = zone })));
        services.AddSingleton(new RecurringJobDefinition(GroupRemindersJob.RecurringId, GroupRemindersJob.Cron, TimeZoneInfo.Utc,
            m => m.AddOrUpdate<GroupRemindersJob>(GroupRemindersJob.RecurringId, j => j.RunAsync(CancellationToken.None), GroupRemindersJob.Cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc })));
        services.AddRecurringJobRegistration();
        return builder;
    }
}
