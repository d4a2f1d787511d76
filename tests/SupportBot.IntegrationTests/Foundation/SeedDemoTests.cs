using Dapper;
using SupportBot.Cli;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Foundation;

public sealed class SeedDemoTests : IClassFixture<FreshDatabase>
{
    private readonly FreshDatabase db;

    public SeedDemoTests(FreshDatabase db) => this.db = db;

    [Fact]
    public async Task Seed_demo_twice_loads_the_demo_course_once()
    {
        var demo = Path.Combine(TestServices.RepositoryRoot, "demo");
        string[] args = ["seed-demo", "--dir", demo, .. TestServices.HostSettings(db.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];

        var errors = new StringWriter();
        var first = await CliProgram.CreateRoot().Parse(args).InvokeAsync(new() { Error = errors });
        var second = await CliProgram.CreateRoot().Parse(args).InvokeAsync(new() { Error = errors });

        Assert.True(first == 0 && second == 0, errors.ToString());
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(2, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.modules"));
        var tutors = await c.QueryAsync<string>("""
            SELECT p.display_name FROM supportbot.module_tutors t JOIN supportbot.people p ON p.id = t.person_id
            WHERE t.module_id = 'm2-data' ORDER BY 1
            """);
        Assert.Equal(["Claire Martin", "Samuel Okoro"], tutors);
        var volunteers = await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.volunteers WHERE revoked_at IS NULL");
        Assert.Equal(3, volunteers);
        var people = await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.people");
        Assert.Equal(System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(demo, "people.json"))).RootElement.GetProperty("people").GetArrayLength(), people);
    }
}
