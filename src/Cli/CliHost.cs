using System.CommandLine;
using Microsoft.Extensions.Configuration;
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
    /// <summary>Repeatable `--set Section:Key=Value`, over every other settings source.</summary>
    public static readonly Option<string[]> Settings = new("--set")
    {
        Description = "Override a setting, e.g. --set Database:ConnectionString=\"Host=...\" (repeatable)",
        Recursive = true,
        AllowMultipleArgumentsPerToken = false,
    };

    /// <param name="needsDatabase">False for a command that only reads settings (a Teams package): no Database section required.</param>
    public static async Task<int> RunAsync(ParseResult parse, Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken, bool needsDatabase = true)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        builder.Configuration.AddSupportBotSources([]);
        builder.Configuration.AddInMemoryCollection(ParseSettings(parse.GetValue(Settings) ?? []));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddSupportBotShared();
        using var host = builder.Build();
        try
        {
            if (needsDatabase)
            {
                ValidateAll(host.Services);
            }

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

    private static IEnumerable<KeyValuePair<string, string?>> ParseSettings(string[] settings) =>
        settings.Select(s => s.Split('=', 2) is [var key, var value]
            ? new KeyValuePair<string, string?>(key, value)
            : throw new ArgumentException($"--set {s}: expected Section:Key=Value"));

    private static void ValidateAll(IServiceProvider services) =>
        _ = services.GetRequiredService<IOptions<SupportBot.Shared.Data.DatabaseOptions>>().Value;
}
