using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Jobs.Campaigns;
using SupportBot.Jobs.Nudges;
using SupportBot.Shared.Hosting;

namespace SupportBot.Jobs.Digests;

public static class DigestJobsHosting
{
    /// <summary>Digest and nudge jobs with their recurring schedules (stable ids, explicit time zones).</summary>
    public static IHostApplicationBuilder AddSupportBotDigestAndNudgeJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddTransient<VolunteerDigestJob>();
        services.TryAddTransient<TutorDigestJob>();
        services.TryAddTransient<SendNudgesJob>();
        var paris = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");
        services.AddSingleton(new RecurringJobDefinition(VolunteerDigestJob.RecurringId, Cron.Hourly(), TimeZoneInfo.Utc,
            m => m.AddOrUpdate<VolunteerDigestJob>(VolunteerDigestJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Hourly(5),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc })));
        services.AddSingleton(new RecurringJobDefinition(TutorDigestJob.RecurringId, Cron.Weekly(DayOfWeek.Monday, 8), paris,
            m => m.AddOrUpdate<TutorDigestJob>(TutorDigestJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Weekly(DayOfWeek.Monday, 8),
                new RecurringJobOptions { TimeZone = paris })));
        services.AddSingleton(new RecurringJobDefinition(SendNudgesJob.RecurringId, Cron.Daily(10), paris,
            m => m.AddOrUpdate<SendNudgesJob>(SendNudgesJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Daily(10),
                new RecurringJobOptions { TimeZone = paris })));
        services.AddRecurringJobRegistration();
        return builder;
    }
}
