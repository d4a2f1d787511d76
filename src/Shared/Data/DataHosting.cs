using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Shared.Hosting;

namespace SupportBot.Shared.Data;

public static class DataHosting
{
    public static IHostApplicationBuilder AddSupportBotData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<DatabaseOptions>(DatabaseOptions.SectionName);
        builder.Services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            return new NpgsqlDataSourceBuilder(options.ConnectionString).Build();
        });
        builder.Services.TryAddSingleton<DatabaseMigrator>();
        builder.Services.AddHostedService<MigrateOnStartService>();
        return builder;
    }
}
