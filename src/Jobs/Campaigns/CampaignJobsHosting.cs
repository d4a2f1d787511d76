using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Jobs.Hosting;

namespace SupportBot.Jobs.Campaigns;

public static class CampaignJobsHosting
{
    /// <summary>The campaign jobs and their recurring dispatcher (every minute, UTC).</summary>
    public static IHostApplicationBuilder AddSupportBotCampaignJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddTransient<CampaignsDispatchJob>();
        builder.Services.TryAddTransient<SendCampaignBatchJob>();
        builder.Services.AddSingleton(new RecurringJobDefinition(CampaignsDispatchJob.RecurringId, Cron.Minutely(), TimeZoneInfo.Utc,
            m => m.AddOrUpdate<CampaignsDispatchJob>(CampaignsDispatchJob.RecurringId, j => j.RunAsync(CancellationToken.None), Cron.Minutely(),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc })));
        builder.Services.AddRecurringJobRegistration();
        return builder;
    }
}

/// <summary>A recurring job a feature wants: a stable id, a cron in an explicit time zone, and how to register it.</summary>
public sealed record RecurringJobDefinition(string Id, string Cron, TimeZoneInfo TimeZone, Action<IRecurringJobManager> Register);

/// <summary>
/// Registers every <see cref="RecurringJobDefinition"/> with Hangfire when a host that runs a Hangfire
/// server starts (idempotent: AddOrUpdate by id). Hosts without a server (Jobs:RunServer=false, e.g.
/// tests) leave Hangfire's client untouched at start.
/// </summary>
internal sealed class RecurringJobRegistration(IServiceProvider services, IOptions<JobsOptions> jobs, IEnumerable<RecurringJobDefinition> definitions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!jobs.Value.RunServer)
        {
            return Task.CompletedTask;
        }

        var manager = services.GetRequiredService<IRecurringJobManager>();
        foreach (var d in definitions)
        {
            d.Register(manager);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class RecurringJobRegistrationExtensions
{
    public static IServiceCollection AddRecurringJobRegistration(this IServiceCollection services)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RecurringJobRegistration>());
        return services;
    }
}
