using Dapper;
using SupportBot.Cli.Demo;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Tutor;

public sealed class DemoActivityTests : IClassFixture<FreshDatabase>
{
    private readonly FreshDatabase db;

    public DemoActivityTests(FreshDatabase db) => this.db = db;

    [Fact]
    public async Task The_demo_activity_loads_once()
    {
        var demo = Path.Combine(TestServices.RepositoryRoot, "demo");
        await DemoPeopleFile.Load(Path.Combine(demo, "people.json")).SeedAsync(new PeopleStore(db.DataSource), CancellationToken.None);
        var file = DemoActivityFile.Load(Path.Combine(demo, "activity.json"));

        Assert.Equal(file.Questions.Count, await file.SeedAsync(db.DataSource, DateTime.UtcNow, CancellationToken.None));
        Assert.Equal(0, await file.SeedAsync(db.DataSource, DateTime.UtcNow, CancellationToken.None));

        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(file.Questions.Count, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.questions"));
        Assert.Equal(file.FaqQueries.Count, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.faq_queries"));
    }
}
