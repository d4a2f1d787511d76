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
    /// <summary>Digest and nudge jobs (schedules in Hosting/RecurringJobs.cs).</summary>
    public static IHostApplicationBuilder AddSupportBotDigestAndNudgeJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddTransient<VolunteerDigestJob>();
        services.TryAddTransient<TutorDigestJob>();
        services.TryAddTransient<SendNudgesJob>();
        return builder;
    }
}
