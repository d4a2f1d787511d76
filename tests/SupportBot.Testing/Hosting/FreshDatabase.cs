using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Shared.Data;

namespace SupportBot.Testing;

/// <summary>
/// A database of its own for one test class, copied from a template migrated once per run, so
/// each class starts from the real schema in a few milliseconds and no test sees another's rows.
/// </summary>
public sealed class FreshDatabase : IAsyncLifetime
{
    // One template per test project: dotnet test runs the projects in parallel processes, and each
    // drops and re-migrates its template at start.
    private static readonly string TemplateName = "supportbot_template_"
        + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(AppContext.BaseDirectory)))[..10].ToLowerInvariant();
    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static bool templateReady;

    public string Name { get; } = "sb_" + Guid.NewGuid().ToString("N")[..16];

    public string ConnectionString => ConnectionStringFor(Name);

    public NpgsqlDataSource DataSource { get; private set; } = null!;

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(TestServices.PostgresAdmin) { Database = database }.ConnectionString;

    public async Task InitializeAsync()
    {
        await EnsureTemplateAsync();
        await using (var admin = new NpgsqlConnection(TestServices.PostgresAdmin))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {Name} TEMPLATE {TemplateName}", admin);
            await create.ExecuteNonQueryAsync();
        }

        DataSource = NpgsqlDataSource.Create(ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServices.PostgresAdmin);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public static DatabaseMigrator MigratorFor(string connectionString) =>
        new(Options.Create(new DatabaseOptions { ConnectionString = connectionString }), NullLogger<DatabaseMigrator>.Instance);

    private static async Task EnsureTemplateAsync()
    {
        await TemplateLock.WaitAsync();
        try
        {
            if (templateReady)
            {
                return;
            }

            await using (var admin = new NpgsqlConnection(TestServices.PostgresAdmin))
            {
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {TemplateName} WITH (FORCE); ", admin);
                await drop.ExecuteNonQueryAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {TemplateName}", admin);
                await create.ExecuteNonQueryAsync();
            }

            var templateConnection = ConnectionStringFor(TemplateName);
            MigratorFor(templateConnection).Migrate();
            // CREATE DATABASE ... TEMPLATE needs the template free of sessions.
            NpgsqlConnection.ClearAllPools();
            templateReady = true;
        }
        finally
        {
            TemplateLock.Release();
        }
    }
}
