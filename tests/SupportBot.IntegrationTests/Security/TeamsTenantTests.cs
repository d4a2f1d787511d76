using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// Issue 17 item 2: only the tenants in Bot:AllowedTenants reach the bot, and a Teams user is
/// bound to their Entra object id within their tenant, so another tenant (allowed or not) cannot
/// claim a learner by reusing an object id or by giving one of its users the learner's address.
/// </summary>
public sealed class TeamsTenantTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private const string Question = "quelqu'un a compris la question 2 du TD de statistiques ?";
    private const string PartnerTenant = "0f9d2c44-partner-university";
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private TeamsChannel teams = null!;
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        teams = await TeamsChannel.StartAsync();
        var settings = teams.HostSettings();
        settings["Bot:AllowedTenants:1"] = PartnerTenant;
        host = BotHost.StartListening(db.ConnectionString, settings);
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", CancellationToken.None);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, CancellationToken.None);
        await people.UpsertLearnerAsync(new LearnerIdentity($"hugo-{run}", "Hugo Martin", $"hugo.{run}@example.test", "m1", "fr", "Europe/Paris"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await teams.DisposeAsync();
    }

    [Fact]
    public async Task A_tenant_that_is_not_allowed_is_refused_before_anything_is_looked_up_or_stored()
    {
        // The attacker's tenant gave one of its users the learner's address.
        using var intruder = teams.Learner(host.Address!, "29:intruder-" + run, "Hugo Martin", $"hugo.{run}@example.test", tenantId: "attacker-tenant");

        Assert.Equal(HttpStatusCode.Forbidden, await intruder.SaysAsync(Question));

        Assert.Empty(teams.Connector.MemberLookups);
        Assert.Empty(await intruder.BotMessagesAsync(atLeast: 0, timeoutMs: 300));
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM supportbot.conversation_references WHERE user_id = @UserId", new { intruder.UserId }));
    }

    [Fact]
    public async Task The_same_object_id_in_another_tenant_is_not_the_learner()
    {
        using var hugo = teams.Learner(host.Address!, "29:hugo-" + run, "Hugo Martin", $"hugo.{run}@example.test");
        Assert.Equal(HttpStatusCode.OK, await hugo.SaysAsync(Question));
        Assert.Contains("Je transmets votre question", Assert.Single(await hugo.BotMessagesAsync()).Text, StringComparison.Ordinal);

        // A user of another (allowed) tenant presents Hugo's object id; the Connector there knows no such address.
        using var other = teams.Learner(host.Address!, "29:other-" + run, "Someone Else", $"someone.{run}@partner.test",
            aadObjectId: hugo.AadObjectId, tenantId: PartnerTenant);
        Assert.Equal(HttpStatusCode.OK, await other.SaysAsync(Question));

        Assert.Contains("je ne trouve pas", Assert.Single(await other.BotMessagesAsync()).Text, StringComparison.Ordinal);
        Assert.Equal(2, teams.Connector.MemberLookups.Count);
    }
}
