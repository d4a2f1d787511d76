using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Cli;
using SupportBot.IntegrationTests.Tutor;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.IntegrationTests.StudyGroups;

public sealed class TutorGroupsPageTests(TutorSite site) : IClassFixture<TutorSite>
{
    private static readonly string[] Learners = ["learner-lea", "learner-marc", "learner-aicha"];

    [Fact]
    public async Task Tutors_see_their_modules_groups_without_schedules_match_on_demand_and_never_another_modules()
    {
        await OptInAsync("m1-platform");

        var anonymous = await site.Browser().GetAsync(new Uri("/tutor/groups?module=m1-platform", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/tutor/sign-in", anonymous.Headers.Location!.ToString(), StringComparison.Ordinal);

        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        Assert.Equal(HttpStatusCode.NotFound, (await samuel.GetAsync(new Uri("/tutor/groups?module=m1-platform", UriKind.Relative))).StatusCode);
        var refused = await TutorSite.PostFormAsync(samuel, "/tutor/groups", new() { ["module"] = "m1-platform" }, "/tutor/groups?handler=Match");
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Equal(0, await CountGroupsAsync("m1-platform"));

        var claire = await site.SignedInAsync(TutorSite.Claire);
        var before = await claire.GetStringAsync(new Uri("/tutor/groups?module=m1-platform", UriKind.Relative));
        Assert.Contains("<strong>3</strong><span>personnes en attente d'un groupe</span>", WebUtility.HtmlDecode(before), StringComparison.Ordinal);
        var matched = await TutorSite.PostFormAsync(claire, "/tutor/groups?module=m1-platform", new() { ["module"] = "m1-platform" }, "/tutor/groups?handler=Match");
        Assert.Equal(HttpStatusCode.Redirect, matched.StatusCode);
        Assert.Equal(1, await CountGroupsAsync("m1-platform"));

        var proposed = WebUtility.HtmlDecode(await claire.GetStringAsync(matched.Headers.Location!));
        Assert.Contains("1 groupe(s) proposé(s)", proposed, StringComparison.Ordinal);
        Assert.Contains("proposé, en attente des réponses", proposed, StringComparison.Ordinal);
        foreach (var hidden in new[] { "Léa", "Marc", "Aïcha", "10:00", "14:00" })
        {
            Assert.DoesNotContain(hidden, proposed, StringComparison.Ordinal);
        }

        var groups = site.Host.Services.GetRequiredService<StudyGroupMembership>();
        var code = (await site.Host.Services.GetRequiredService<GroupQueries>().ListAsync("m1-platform", CancellationToken.None))[0].Id.ToString("N")[..8];
        var answers = new List<AnswerOutcome>();
        foreach (var id in await PersonIdsAsync())
        {
            answers.Add((await groups.AcceptAsync(id, code, CancellationToken.None)).Outcome);
        }

        Assert.Equal([AnswerOutcome.WaitingForOthers, AnswerOutcome.WaitingForOthers, AnswerOutcome.GroupActive], answers);

        var active = WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri("/tutor/groups?module=m1-platform", UriKind.Relative)));
        Assert.Contains("Léa Dubois", active, StringComparison.Ordinal);
        Assert.Contains("Marc Jean-Baptiste", active, StringComparison.Ordinal);
        var theirs = WebUtility.HtmlDecode(await samuel.GetStringAsync(new Uri("/tutor/groups", UriKind.Relative)));
        Assert.DoesNotContain("Léa Dubois", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain("Marc Jean-Baptiste", theirs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cli_matches_a_module_and_lists_it()
    {
        await OptInAsync("m2-data", ["learner-lea", "learner-aicha", "learner-hugo"]);
        string[] settings = [.. TestServices.HostSettings(site.Database.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];

        Assert.Equal(0, await CliProgram.CreateRoot().Parse(["groups", "match", "--module", "m2-data", .. settings]).InvokeAsync());
        Assert.Equal(0, await CliProgram.CreateRoot().Parse(["groups", "list", "--module", "m2-data", .. settings]).InvokeAsync());

        Assert.Equal(1, await CountGroupsAsync("m2-data"));
    }

    /// <summary>Wide Saturday slots in each learner's own zone that overlap by hours whatever the season.</summary>
    private async Task OptInAsync(string module, string[]? learners = null)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        await c.ExecuteAsync("""
            INSERT INTO supportbot.study_availability (person_id, slots, source_text)
            SELECT p.id, CASE p.time_zone
                    WHEN 'America/Martinique' THEN '[{"day":6,"fromMinute":360,"toMinute":840}]'
                    WHEN 'Indian/Reunion' THEN '[{"day":6,"fromMinute":840,"toMinute":1320}]'
                    ELSE '[{"day":6,"fromMinute":600,"toMinute":1080}]' END::jsonb, 'test'
            FROM supportbot.people p WHERE p.external_id = ANY(@learners)
            ON CONFLICT (person_id) DO NOTHING;
            INSERT INTO supportbot.study_group_optins (person_id, module_id, group_size, language)
            SELECT p.id, @module, 3, 'fr' FROM supportbot.people p WHERE p.external_id = ANY(@learners);
            """, new { module, learners = learners ?? Learners });
    }

    private async Task<int> CountGroupsAsync(string module)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>("SELECT count(*)::int FROM supportbot.study_groups WHERE module_id = @module", new { module });
    }

    private async Task<IEnumerable<Guid>> PersonIdsAsync()
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.QueryAsync<Guid>("SELECT id FROM supportbot.people WHERE external_id = ANY(@Learners)", new { Learners });
    }
}
