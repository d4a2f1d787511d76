using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Hosting;

namespace SupportBot.Shared.StudyGroups.Groups;

public static class GroupsHosting
{
    /// <summary>
    /// Study groups after matching (#8). Notices are sent in-process by default (the CLI); the Jobs
    /// project replaces <see cref="IGroupNotices"/> with Hangfire jobs.
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotStudyGroupLifecycle(this IHostApplicationBuilder builder)
    {
        builder.AddSupportBotDelivery();
        var services = builder.Services;
        services.AddValidatedOptions<GroupOptions>(GroupOptions.SectionName)
            .Validate(o => TimeZoneInfo.TryFindSystemTimeZoneById(o.MatchTimeZone, out _), $"{GroupOptions.SectionName}:MatchTimeZone: is not a known time zone");
        services.TryAddSingleton<GroupQueries>();
        services.TryAddSingleton<GroupMessenger>();
        services.TryAddSingleton<GroupReminders>();
        services.TryAddSingleton<IGroupNotices, InlineGroupNotices>();
        services.TryAddSingleton<StudyGroupRounds>();
        services.TryAddSingleton<StudyGroupMembership>();
        return builder;
    }
}
