using Dapper;
using Npgsql;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Foundation;

public sealed class MigrationTests : IAsyncLifetime
{
    private readonly string database = "sb_mig_" + Guid.NewGuid().ToString("N")[..12];

    public async Task InitializeAsync()
    {
        await using var admin = new NpgsqlConnection(TestServices.PostgresAdmin);
        await admin.ExecuteAsync($"CREATE DATABASE {database}");
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServices.PostgresAdmin);
        await admin.ExecuteAsync($"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    [Fact]
    public async Task Migrations_run_twice_without_change()
    {
        var connectionString = FreshDatabase.ConnectionStringFor(database);
        var migrator = FreshDatabase.MigratorFor(connectionString);

        var first = migrator.Migrate();
        var schemaAfterFirst = await SchemaFingerprintAsync(connectionString);
        var second = migrator.Migrate();
        var schemaAfterSecond = await SchemaFingerprintAsync(connectionString);

        Assert.NotEmpty(first);
        Assert.Equal(first.OrderBy(n => n, StringComparer.Ordinal), first);
        Assert.Empty(second);
        Assert.Equal(schemaAfterFirst, schemaAfterSecond);
        Assert.Contains("supportbot.people.email", schemaAfterFirst);
        Assert.Contains("supportbot.conversation_references.tenant_id", schemaAfterFirst);
        Assert.Contains("supportbot.knowledge_entries.questions", schemaAfterFirst);
        Assert.Contains("supportbot.questions.status", schemaAfterFirst);
    }

    [Fact]
    public void Migration_scripts_are_numbered_and_never_share_a_number()
    {
        var names = typeof(SupportBot.Shared.Data.DatabaseMigrator).Assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Data.Migrations.", StringComparison.Ordinal))
            .Select(n => n[(n.IndexOf(".Data.Migrations.", StringComparison.Ordinal) + ".Data.Migrations.".Length)..])
            .ToList();

        Assert.NotEmpty(names);
        Assert.All(names, n => Assert.Matches(@"^\d{4}_[a-z0-9_]+\.sql$", n));
        Assert.Equal(names.Count, names.Select(n => n[..4]).Distinct().Count());
    }

    private static async Task<List<string>> SchemaFingerprintAsync(string connectionString)
    {
        await using var c = new NpgsqlConnection(connectionString);
        var columns = await c.QueryAsync<string>("""
            SELECT table_schema || '.' || table_name || '.' || column_name
            FROM information_schema.columns WHERE table_schema = 'supportbot'
            ORDER BY 1
            """);
        return columns.ToList();
    }
}
