using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportBot.Jobs.Campaigns;
using SupportBot.Jobs.Digests;
using SupportBot.Jobs.Faq;
using SupportBot.Jobs.Inbox;
using SupportBot.Jobs.Nudges;
using SupportBot.Jobs.Roster;
using SupportBot.Jobs.Routing;
using SupportBot.Jobs.StudyGroups;
using SupportBot.Shared.Data;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Hosting;

namespace SupportBot.Jobs.Hosting;

public static class JobsHosting
{
    /// <summary>
    /// Hangfire storage in PostgreSQL and the job classes; when Jobs:RunServer is true, a Hangfire
    /// server, the recurring jobs and the inbox watcher.
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<JobsOptions>(JobsOptions.SectionName);
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();

        // Hangfire keeps its storage and log provider in statics; each host gets its own in DI so that
        // several hosts in one process (tests, a bot beside a worker) never enqueue into another's
        // database or log through another's disposed logger factory.
        builder.Services.AddSingleton<JobStorage>(sp => new PostgreSqlStorage(
            new HangfireConnections(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.ConnectionString),
            new PostgreSqlStorageOptions { SchemaName = jobs.Schema, PrepareSchemaIfNecessary = true, QueuePollInterval = jobs.QueuePollInterval,
                InvisibilityTimeout = jobs.InvisibilityTimeout, UseSlidingInvisibilityTimeout = true, DistributedLockTimeout = jobs.AbandonedLockAfter }));
        // AddHangfire's own JobActivator is whatever JobActivator.Current is when first resolved,
        // which another host in the process may have replaced: its server would then build our jobs
        // from the other host's (possibly disposed) services.
        builder.Services.AddSingleton<JobActivator>(sp => new Hangfire.AspNetCore.AspNetCoreJobActivator(
            sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()))
            .UseStorage(sp.GetRequiredService<JobStorage>()));

        // Hangfire's filters are process-wide: one "not yet" filter, however many hosts the process builds.
        var delivery = builder.Configuration.GetSection(DeliveryOptions.SectionName).Get<DeliveryOptions>() ?? new DeliveryOptions();
        NotYetRetryFilter.RegisterOnce(GlobalJobFilters.Filters, delivery.OutageRetryEvery);

        builder.AddSupportBotRoutingJobs();
        builder.AddSupportBotFaqJobs();
        builder.AddSupportBotCampaignJobs();
        builder.AddSupportBotDigestJobs();
        builder.AddSupportBotNudgeJobs();
        builder.AddSupportBotStudyGroupJobs();
        builder.AddSupportBotRosterSyncJobs();

        if (jobs.RunServer)
        {
            builder.Services.AddSingleton(RecurringJobs.Table(builder.Configuration));
            builder.Services.AddHostedService<RecurringJobsRegistration>();
            builder.Services.AddHangfireServer(server => server.WorkerCount = jobs.WorkerCount);
            builder.AddSupportBotInbox();
        }

        return builder;
    }
}
