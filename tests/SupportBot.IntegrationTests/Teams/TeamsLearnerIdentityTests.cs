using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Teams;

/// <summary>
/// Teams sends only ids: the bot asks the Connector once per user for their email and matches the
/// person with it, case-insensitively, so a Teams learner can ask peers like a web chat learner.
/// </summary>
public sealed class TeamsLearnerIdentityTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private const string Question = "quelqu'un a compris la question 2 du TD de statistiques ?";
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private TeamsChannel teams = null!;
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        teams = await TeamsChannel.StartAsync();
        host = BotHost.StartListening(db.ConnectionString, teams.HostSettings());
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", CancellationToken.None);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await teams.DisposeAsync();
    }

    [Fact]
    public async Task A_learner_is_recognised_by_the_email_teams_gives_and_teams_is_asked_once()
    {
        await AddLearnerAsync("Hugo.Martin", "Hugo Martin");
        using var hugo = teams.Learner(host.Address!, "29:hugo-" + run, "Hugo Martin", $"hugo.martin.{run}@example.test");

        Assert.Equal(HttpStatusCode.OK, await hugo.SaysAsync("bonjour"));
        Assert.Equal(HttpStatusCode.OK, await hugo.SaysAsync(Question));

        Assert.Contains("Je transmets votre question", (await hugo.BotMessagesAsync(atLeast: 2)).Last().Text, StringComparison.Ordinal);
        var lookup = Assert.Single(teams.Connector.MemberLookups);
        Assert.Equal("GET", lookup.Method);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(hugo.ConversationId)}/members/{Uri.EscapeDataString(hugo.UserId)}", lookup.RawTarget);
        Assert.Equal("Bearer token-1", lookup.Authorization);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal($"hugo.martin.{run}@example.test", await c.ExecuteScalarAsync<string>(
            "SELECT p.email FROM supportbot.people p JOIN supportbot.teams_users t ON t.person_id = p.id WHERE t.aad_object_id = @AadObjectId",
            new { hugo.AadObjectId }), StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_teams_user_is_told_politely_and_recognised_without_a_new_call_once_enrolled()
    {
        using var zoe = teams.Learner(host.Address!, "29:zoe-" + run, "Zoé Petit", $"zoe.petit.{run}@example.test");

        Assert.Equal(HttpStatusCode.OK, await zoe.SaysAsync(Question));
        var refusal = Assert.Single(await zoe.BotMessagesAsync());
        Assert.Contains("je ne trouve pas l'adresse email de votre compte Teams", refusal.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("@", refusal.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await zoe.SaysAsync(Question));
        Assert.Contains("je ne trouve pas", Assert.Single(await zoe.BotMessagesAsync()).Text, StringComparison.Ordinal);

        await AddLearnerAsync("zoe.petit", "Zoé Petit");
        Assert.Equal(HttpStatusCode.OK, await zoe.SaysAsync(Question));

        Assert.Contains("Je transmets votre question", Assert.Single(await zoe.BotMessagesAsync()).Text, StringComparison.Ordinal);
        Assert.Single(teams.Connector.MemberLookups);
    }

    [Fact]
    public async Task A_user_the_connector_does_not_know_is_asked_about_once()
    {
        using var ghost = teams.Learner(host.Address!, "29:ghost-" + run, "Ghost", null);
        teams.Connector.Members.TryRemove(ghost.UserId, out _);

        Assert.Equal(HttpStatusCode.OK, await ghost.SaysAsync(Question));
        Assert.Equal(HttpStatusCode.OK, await ghost.SaysAsync(Question));

        Assert.All(await ghost.BotMessagesAsync(atLeast: 2), m => Assert.Contains("je ne trouve pas", m.Text, StringComparison.Ordinal));
        Assert.Single(teams.Connector.MemberLookups, l => l.RawTarget.EndsWith(Uri.EscapeDataString(ghost.UserId), StringComparison.Ordinal));
    }

    private Task<Guid> AddLearnerAsync(string localPart, string name) =>
        host.Services.GetRequiredService<PeopleStore>().UpsertLearnerAsync(
            new LearnerIdentity($"{localPart}-{run}", name, $"{localPart}.{run}@Example.test", "m1", "fr", "Europe/Paris"), CancellationToken.None);
}
