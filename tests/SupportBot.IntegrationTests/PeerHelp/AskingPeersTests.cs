using Dapper;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.PeerHelp;

/// <summary>The chat side of asking peers: nothing is sent before the learner confirms.</summary>
public sealed class AskingPeersTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private static readonly LearnerIdentity Hugo = new("learner-hugo", "Hugo Bernard", "hugo.bernard@example.test", "m-ask", "fr", "Europe/Paris");
    private static readonly LearnerIdentity Nina = new("learner-nina", "Nina Wamytan", "nina.wamytan@example.test", null, "fr", "Pacific/Noumea");
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        await DemoKnowledgeBase.LoadAsync(host.Services);
        // Hugo's module (his link names it) and one volunteer of it.
        await AskModule.SeedAsync(host.Services);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Unanswerable_question_waits_for_confirmation_then_is_routed()
    {
        var hugo = await WebChatLearner.OpenAsync(host, Hugo);

        await hugo.SaysAsync("dans l'exercice 4 de compta, pourquoi l'amortissement est dégressif ?");
        var offer = Assert.Single(await hugo.BotMessagesAsync());
        Assert.Contains("Je transmets votre question", offer.GetProperty("text").GetString(), StringComparison.Ordinal);
        // The offer asks (the buttons answer it): not a statement ending in a question mark (#18).
        Assert.Contains("Je transmets votre question aux volontaires de « Module 1 – Plateforme », d'accord ?", offer.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("new", await StatusAsync());
        Assert.Equal(0, await SendJobsAsync());

        await hugo.SaysAsync("Oui, demander aux pairs");
        Assert.StartsWith("C'est transmis à 1 volontaire de « Module 1 – Plateforme ».",
            Assert.Single(await hugo.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("routed", await StatusAsync());
        Assert.Equal(1, await SendJobsAsync());

        await hugo.SaysAsync("détails : c'est l'exercice page 42");
        Assert.Contains("précisions", Assert.Single(await hugo.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("c'est l'exercice page 42", await c.ExecuteScalarAsync<string>(
            "SELECT q.details FROM supportbot.questions q JOIN supportbot.people p ON p.id = q.asker_id WHERE p.external_id = 'learner-hugo' AND q.details IS NOT NULL"));
    }

    [Fact]
    public async Task No_thanks_sends_nothing()
    {
        var nina = await WebChatLearner.OpenAsync(host, Nina);
        await nina.SaysAsync("c'est quoi une fonction récursive terminale ?");
        await nina.BotMessagesAsync();

        await nina.SaysAsync("Non merci");

        Assert.Contains("je ne transmets rien", Assert.Single(await nina.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("cancelled", await c.ExecuteScalarAsync<string>(
            "SELECT q.status FROM supportbot.questions q JOIN supportbot.people p ON p.id = q.asker_id WHERE p.external_id = 'learner-nina'"));
    }

    [Fact]
    public async Task Volunteering_needs_an_explicit_yes_and_can_be_revoked()
    {
        var nina = await WebChatLearner.OpenAsync(host, Nina);
        await using var c = await db.DataSource.OpenConnectionAsync();
        const string active = "SELECT count(*) FROM supportbot.volunteers v JOIN supportbot.people p ON p.id = v.person_id WHERE p.external_id = 'learner-nina' AND v.revoked_at IS NULL";

        await nina.SaysAsync("je veux aider");
        Assert.Contains("On y va", Assert.Single(await nina.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, await c.ExecuteScalarAsync<int>(active));

        await nina.SaysAsync("Oui, je veux aider");
        await nina.BotMessagesAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<int>(active));

        await nina.SaysAsync("ne plus aider");
        await nina.BotMessagesAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>(active));
    }

    [Fact]
    public async Task Stop_in_the_chat_opts_out_of_every_email()
    {
        var hugo = await WebChatLearner.OpenAsync(host, Hugo);

        await hugo.SaysAsync("stop");

        Assert.Contains("plus d'e-mails", Assert.Single(await hugo.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        await using var c = await db.DataSource.OpenConnectionAsync();
        var categories = await c.QueryAsync<string>(
            "SELECT e.category FROM supportbot.email_preferences e JOIN supportbot.people p ON p.id = e.person_id WHERE p.external_id = 'learner-hugo' ORDER BY 1");
        Assert.Equal(["campaigns", "digests", "nudges", "routed_questions", "study_groups"], categories);
    }

    private async Task<string?> StatusAsync()
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<string>(
            "SELECT q.status FROM supportbot.questions q JOIN supportbot.people p ON p.id = q.asker_id WHERE p.external_id = 'learner-hugo' ORDER BY q.created_at DESC LIMIT 1");
    }

    private async Task<int> SendJobsAsync()
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        var hangfire = await c.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM information_schema.tables WHERE table_schema = 'hangfire' AND table_name = 'job')");
        return hangfire ? await c.ExecuteScalarAsync<int>("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%SendQuestionEmailJob%'") : 0;
    }
}
