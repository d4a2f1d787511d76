using SupportBot.Cli;

namespace SupportBot.BrowserTests.Teams;

/// <summary>A database of its own loaded with the demo course by seed-demo, as ./run.sh loads it: people, modules, knowledge base, activity.</summary>
public sealed class DemoCourseDatabase : IAsyncLifetime
{
    private readonly FreshDatabase db = new();

    public string ConnectionString => db.ConnectionString;

    public Npgsql.NpgsqlDataSource DataSource => db.DataSource;

    public async Task InitializeAsync()
    {
        await db.InitializeAsync();
        string[] args = ["seed-demo", "--dir", Path.Combine(TestServices.RepositoryRoot, "demo"),
            .. TestServices.HostSettings(db.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];
        Assert.Equal(0, await CliProgram.CreateRoot().Parse(args).InvokeAsync());
    }

    public Task DisposeAsync() => db.DisposeAsync();
}
