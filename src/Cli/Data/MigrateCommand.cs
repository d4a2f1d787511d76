using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.Data;

namespace SupportBot.Cli.Data;

internal static class MigrateCommand
{
    public static Command Create()
    {
        var command = new Command("migrate", "Apply pending database migrations (schema supportbot); safe to run again");
        command.SetAction((parse, ct) => CliHost.RunAsync(parse, async (services, _) =>
        {
            var applied = services.GetRequiredService<DatabaseMigrator>().Migrate();
            await Console.Out.WriteLineAsync(applied.Count == 0
                ? "Database is up to date."
                : $"Applied {applied.Count} migration(s): {string.Join(", ", applied)}");
            return 0;
        }, ct));
        return command;
    }
}
