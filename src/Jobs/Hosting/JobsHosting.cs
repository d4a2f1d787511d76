using Hangfire;
using Hangfire.PostgreSql;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SupportBot.Jobs.Campaigns;
using SupportBot.Jobs.Digests;
using SupportBot.Jobs.Routing;
using SupportBot.Shared.Data;
using SupportBot.Shared.Hosting;

namespace SupportBot.Jobs.Hosting;

public static class JobsHosting
{
    /// <summary>Hangfire storage in PostgreSQL, and a server when Jobs:RunServer is true.</summary>
    public static IHostApplicationBuilder AddSupportBotJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<JobsOptions>(JobsOptions.SectionName);
        var jobs = builder.Configuration.GetSection(JobsOptions.SectionName).Get<JobsOptions>() ?? new JobsOptions();

        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(
                storage => storage.UseNpgsqlConnection(
                    sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DatabaseOptions>>().Value.ConnectionString),
                new PostgreSqlStorageOptions { SchemaName = jobs.Schema, PrepareSchemaIfNecessary = true }));

        builder.AddSupportBotRoutingJobs();
        builder.AddSupportBotCampaignJobs();
        builder.AddSupportBotDigestAndNudgeJobs();

        if (jobs.RunServer)
        {
            builder.Services.AddHangfireServer(server => server.WorkerCount = jobs.WorkerCount);
        }

        return builder;
    }
}
