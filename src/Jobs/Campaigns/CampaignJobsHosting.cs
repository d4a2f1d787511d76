using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Jobs.Hosting;

namespace SupportBot.Jobs.Campaigns;

public static class CampaignJobsHosting
{
    /// <summary>The campaign jobs and their recurring dispatcher (schedule in Hosting/RecurringJobs.cs).</summary>
    public static IHostApplicationBuilder AddSupportBotCampaignJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddTransient<CampaignsDispatchJob>();
        builder.Services.TryAddTransient<SendCampaignBatchJob>();
        return builder;
    }
}
