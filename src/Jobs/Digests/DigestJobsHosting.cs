using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Jobs.Campaigns;
using SupportBot.Shared.Digests;
using SupportBot.Shared.Hosting;

namespace SupportBot.Jobs.Digests;

public static class DigestJobsHosting
{
    /// <summary>Digest jobs (schedules in Hosting/RecurringJobs.cs).</summary>
    public static IHostApplicationBuilder AddSupportBotDigestJobs(this IHostApplicationBuilder builder)
    {
        builder.AddSupportBotDigests();
        builder.Services.TryAddTransient<VolunteerDigestJob>();
        builder.Services.TryAddTransient<TutorDigestJob>();
        return builder;
    }
}
