using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

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

/// <summary>Registers every <see cref="RecurringJobDefinition"/> with Hangfire when the host starts (idempotent: AddOrUpdate by id).</summary>
internal sealed class RecurringJobRegistration(IRecurringJobManager manager, IEnumerable<RecurringJobDefinition> definitions) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
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
