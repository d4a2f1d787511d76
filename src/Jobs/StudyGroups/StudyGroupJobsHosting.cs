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

        return builder;
    }
}
