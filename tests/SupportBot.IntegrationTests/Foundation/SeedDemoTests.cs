using Dapper;
using SupportBot.Cli;
using SupportBot.Shared.Routing;
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

        // Study groups, through the real grammar, sign-up and round: one active group across Paris,
        // Martinique and Réunion, one proposal across Nouméa, Paris and Réunion waiting for two answers,
        // Tom (English) in the pool; the second run added nothing.
        Assert.Equal(6, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.study_availability"));
        Assert.Equal(7, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.study_group_optins WHERE withdrawn_at IS NULL"));
        var groups = (await c.QueryAsync<(string Module, string Status, string Zones, int Accepted)>("""
            SELECT g.module_id, g.status, string_agg(p.time_zone, ' ' ORDER BY p.time_zone), count(*) FILTER (WHERE m.status = 'accepted')::int
            FROM supportbot.study_groups g JOIN supportbot.study_group_members m ON m.group_id = g.id JOIN supportbot.people p ON p.id = m.person_id
            GROUP BY g.id, g.module_id, g.status ORDER BY g.module_id
            """)).ToList();
        Assert.Equal(
            [("m1-platform", "active", "America/Martinique Europe/Paris Indian/Reunion", 3), ("m2-data", "proposed", "Europe/Paris Indian/Reunion Pacific/Noumea", 1)],
            groups);
        var pool = await c.QueryAsync<string>("""
            SELECT p.external_id FROM supportbot.study_group_optins o JOIN supportbot.people p ON p.id = o.person_id
            WHERE NOT EXISTS (SELECT 1 FROM supportbot.study_group_members m WHERE m.person_id = o.person_id
                              AND m.group_id IN (SELECT id FROM supportbot.study_groups WHERE module_id = o.module_id))
            """);
        Assert.Equal(["learner-tom"], pool);
    }

    [Fact]
    public async Task Demo_questions_are_not_taken_for_routed_questions_whose_emails_never_left()
    {
        var demo = Path.Combine(TestServices.RepositoryRoot, "demo");
        string[] args = ["seed-demo", "--dir", demo, .. TestServices.HostSettings(db.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];
        var errors = new StringWriter();
        Assert.True(await CliProgram.CreateRoot().Parse(args).InvokeAsync(new() { Error = errors }) == 0, errors.ToString());

        var recipients = new RecipientStore(db.DataSource, TimeProvider.System);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.True(await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.questions WHERE status IN ('routed', 'escalated')") > 0);
        // routing-resume would email every one of these again on the demo's first start.
        Assert.Empty(await recipients.ListRoutedButNeverSentAsync(TimeSpan.Zero, CancellationToken.None));
    }
}
