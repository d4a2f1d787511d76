using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Hosting;

namespace SupportBot.Cli;

/// <summary>
/// The same settings and services as the hosts, without running anything in the background, so a
/// command sees exactly what the bot would see.
/// </summary>
internal static class CliHost
{
    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        builder.Configuration.AddSupportBotSources([]);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddSupportBotShared();
        using var host = builder.Build();
        try
        {
            ValidateAll(host.Services);
            return await command(host.Services, cancellationToken);
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync($"supportbot: invalid setting {string.Join("; ", ex.Failures)}");
            return HostRunner.InvalidSettingExitCode;
        }
        catch (Npgsql.NpgsqlException ex)
        {
            await Console.Error.WriteLineAsync($"supportbot: PostgreSQL unreachable ({ex.Message}); check Database:ConnectionString");
            return HostRunner.StartFailedExitCode;
        }
    }

    private static void ValidateAll(IServiceProvider services) =>
        _ = services.GetRequiredService<IOptions<SupportBot.Shared.Data.DatabaseOptions>>().Value;
}
