using DbUp;
using DbUp.Engine.Output;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace SupportBot.Shared.Data;

/// <summary>Runs the numbered SQL scripts embedded under Data/Migrations, each once, in order.</summary>
public sealed class DatabaseMigrator(IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator> logger)
{
    public const string Schema = "supportbot";

    /// <returns>The names of the scripts that ran now (empty when the database was up to date).</returns>
    public IReadOnlyList<string> Migrate()
    {
        // DbUp journals inside the schema, so the schema must exist before the first script.
        using (var connection = new NpgsqlConnection(options.Value.ConnectionString))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {Schema}", connection);
            create.ExecuteNonQuery();
        }

        var result = Upgrader().PerformUpgrade();
        if (!result.Successful)
        {
            throw new InvalidOperationException($"Migration {result.ErrorScript?.Name} failed: {result.Error.Message}", result.Error);
        }

        return result.Scripts.Select(s => s.Name).ToList();
    }

    /// <summary>The scripts a migration would run now, without running them (the database must be reachable).</summary>
    public IReadOnlyList<string> PendingScripts() => Upgrader().GetScriptsToExecute().Select(s => s.Name).ToList();

    private DbUp.Engine.UpgradeEngine Upgrader() => DeployChanges.To
        .PostgresqlDatabase(options.Value.ConnectionString, Schema)
        .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.Contains(".Data.Migrations.", StringComparison.Ordinal))
        .JournalToPostgresqlTable(Schema, "schema_versions")
        .WithTransactionPerScript()
        .LogTo(new DbUpLog(logger))
        .Build();

    /// <summary>DbUp formats with string.Format placeholders; render them, then log one structured line.</summary>
    private sealed class DbUpLog(ILogger logger) : IUpgradeLog
    {
        public void LogTrace(string format, params object[] args) => logger.LogTrace("{DbUp}", Render(format, args));
        public void LogDebug(string format, params object[] args) => logger.LogDebug("{DbUp}", Render(format, args));
        // DbUp narrates every step at Information; that is Debug noise for an operator.
        public void LogInformation(string format, params object[] args) => logger.LogDebug("{DbUp}", Render(format, args));
        public void LogWarning(string format, params object[] args) => logger.LogWarning("{DbUp}", Render(format, args));
        public void LogError(string format, params object[] args) => logger.LogError("{DbUp}", Render(format, args));
        public void LogError(Exception ex, string format, params object[] args) => logger.LogError(ex, "{DbUp}", Render(format, args));

        private static string Render(string format, object[] args) =>
            args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
    }
}
