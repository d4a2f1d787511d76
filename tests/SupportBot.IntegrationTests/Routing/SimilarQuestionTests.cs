using System.Globalization;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using SupportBot.Cli.Demo;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.IntegrationTests.Routing;

/// <summary>
/// Issue #14 item 5 from the chat: a question of a module that a peer already answered is offered
/// that answer before anyone is emailed; "this solves it" resolves it without mail, "ask peers anyway"
/// routes it as usual. The earlier answer is made as users make it: asked in the web chat, answered by
/// the peer's email reply.
/// </summary>
public sealed class SimilarQuestionTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private const string HugoAsks = "Dans le module 2, ma formule RECHERCHEV renvoie #N/A sur la feuille Ventes, pourquoi ?";
    private const string AichaAnswers = "Mets FAUX en dernier argument de RECHERCHEV, et vérifie que la colonne cherchée est la première de la plage.";
    // Names no module (no module keyword either): Léa, in both modules, is asked which one.
    private const string LeaAsks = "Sur la feuille Ventes la recherche renvoie #N/A alors que la valeur y est";
    private const string NinaAsks = "RECHERCHEV me renvoie #N/A sur la feuille Ventes alors que la valeur y est";

    private ModuleWorld world = null!;

    public async Task InitializeAsync() => world = await ModuleWorld.StartAsync(db.ConnectionString);

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task A_near_duplicate_is_offered_the_peer_answer_and_this_solves_it_resolves_it_without_mail()
    {
        await world.ForgetQuestionsAsync();
        var answeredOn = await HugoAsksAndAichaAnswersByEmailAsync();

        var nina = await world.OpenChatAsync("learner-nina");
        await nina.SaysAsync(NinaAsks);
        var offer = Assert.Single(await nina.BotMessagesAsync());

        Assert.StartsWith($"Je n'ai pas de réponse sûre à cette question. Un pair a répondu à une question semblable le {answeredOn} :", ModuleWorld.Text(offer), StringComparison.Ordinal);
        Assert.Contains("ma formule RECHERCHEV renvoie \\#N/A sur la feuille Ventes", ModuleWorld.Text(offer), StringComparison.Ordinal);
        Assert.Contains("Mets FAUX en dernier argument de RECHERCHEV", ModuleWorld.Text(offer), StringComparison.Ordinal);
        Assert.Equal(["Ça résout mon problème", "Demander aux pairs quand même"], ModuleWorld.Buttons(offer));

        await nina.SaysAsync("Ça résout mon problème");
        Assert.StartsWith("Parfait, je note que c'est résolu.", ModuleWorld.Text(Assert.Single(await nina.BotMessagesAsync())), StringComparison.Ordinal);

        var (status, solvedBy, outcome) = await LatestOfAsync("learner-nina");
        Assert.Equal("resolved", status);
        Assert.Equal(await AnswerOfAsync("learner-hugo"), solvedBy);
        Assert.Equal("solved", outcome);
        Assert.Empty(await world.RecipientsOfLatestAsync("learner-nina"));
        Assert.Empty(await world.MailAboutAsync("learner-aicha", "la valeur y est", expectSome: false));
        Assert.Empty(await world.MailAboutAsync("alumna-ines", "la valeur y est", expectSome: false));
    }

    [Fact]
    public async Task The_earlier_question_and_answer_are_quoted_without_names_or_contact_details()
    {
        await world.ForgetQuestionsAsync();
        await HugoAsksAndAichaAnswersByEmailAsync(
            "Dans le module 2, ma formule RECHERCHEV renvoie #N/A sur la feuille Ventes, pourquoi ? Léa Dubois aussi. Écrivez-moi à hugo.bernard@example.test ou au 06 12 34 56 78",
            "Salut Hugo, " + AichaAnswers + " Aïcha");

        var nina = await world.OpenChatAsync("learner-nina");
        await nina.SaysAsync(NinaAsks);
        var offer = ModuleWorld.Text(Assert.Single(await nina.BotMessagesAsync()));

        Assert.Contains("Un pair a répondu à une question semblable", offer, StringComparison.Ordinal);
        Assert.Contains("Mets FAUX en dernier argument de RECHERCHEV", offer, StringComparison.Ordinal);
        foreach (var personal in new[] { "Hugo", "hugo.bernard", "Léa", "Dubois", "06 12 34", "Aïcha" })
        {
            Assert.DoesNotContain(personal, offer, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Ask_peers_anyway_routes_the_near_duplicate_as_usual()
    {
        await world.ForgetQuestionsAsync();
        await HugoAsksAndAichaAnswersByEmailAsync();

        var nina = await world.OpenChatAsync("learner-nina");
        await nina.SaysAsync(NinaAsks);
        await nina.BotMessagesAsync();
        await nina.SaysAsync("Demander aux pairs quand même");
        var done = ModuleWorld.Text(Assert.Single(await nina.BotMessagesAsync()));

        Assert.StartsWith("C'est transmis à 2 volontaires de « Module 2 – Données et tableurs ».", done, StringComparison.Ordinal);
        Assert.Equal(["alumna-ines", "learner-aicha"], await world.RecipientsOfLatestAsync("learner-nina"));
        Assert.Single(await world.MailAboutAsync("alumna-ines", "la valeur y est"));
        Assert.Equal(("routed", null, "asked_peers"), await LatestOfAsync("learner-nina"));
    }

    [Fact]
    public async Task On_the_demo_activity_the_earlier_RECHERCHEV_answer_is_offered_and_ask_peers_anyway_routes()
    {
        await world.ForgetQuestionsAsync();
        await DemoActivityFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "activity.json"))
            .SeedAsync(world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), DateTime.UtcNow, CancellationToken.None);
        var hugo = await world.OpenChatAsync("learner-hugo");

        // The question: Hugo asked almost the same two weeks earlier, and Aïcha answered him.
        await hugo.SaysAsync(HugoAsks);
        var offer = Assert.Single(await hugo.BotMessagesAsync());

        Assert.Contains("Un pair a répondu à une question semblable le ", ModuleWorld.Text(offer), StringComparison.Ordinal);
        Assert.Contains("Vérifie que la colonne recherchée est la première de la plage", ModuleWorld.Text(offer), StringComparison.Ordinal);
        Assert.DoesNotContain("Ctrl+T", ModuleWorld.Text(offer), StringComparison.Ordinal);
        Assert.Equal(["Ça résout mon problème", "Demander aux pairs quand même"], ModuleWorld.Buttons(offer));

        await hugo.SaysAsync("Demander aux pairs quand même");
        var routed = ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync()));

        // The demo's volunteers already had their week's questions: routing goes on to the tutors, as it would without the offer.
        Assert.StartsWith("Aucun volontaire n'est disponible en ce moment (ils ont déjà assez de questions cette semaine) ; je l'ai transmise à vos tuteur·rices, Claire et Samuel.", routed, StringComparison.Ordinal);
        Assert.Equal(["tutor-claire", "tutor-samuel"], await world.RecipientsOfLatestAsync("learner-hugo"));
        // The tutor reads the answer Hugo already saw and found not enough, so she does not send it again.
        var toClaire = Assert.Single(await world.MailAboutAsync("tutor-claire", "feuille Ventes, pourquoi")).TextBody;
        Assert.Contains("Déjà répondu (pas suffisant pour Hugo) :", toClaire, StringComparison.Ordinal);
        Assert.Contains("à une question semblable, proposé par le bot) : Vérifie que la colonne recherchée est la première de la plage", toClaire, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_question_naming_no_module_is_offered_the_answer_once_the_learner_picks_the_module()
    {
        await world.ForgetQuestionsAsync();
        await HugoAsksAndAichaAnswersByEmailAsync();
        var lea = await world.OpenChatAsync("learner-lea");

        await lea.SaysAsync(LeaAsks);
        Assert.Contains("De quel module s'agit-il ?", ModuleWorld.Text(Assert.Single(await lea.BotMessagesAsync())), StringComparison.Ordinal);
        await lea.SaysAsync("Module 2 – Données et tableurs");
        var offer = Assert.Single(await lea.BotMessagesAsync());

        Assert.StartsWith("Un pair a répondu à une question semblable le ", ModuleWorld.Text(offer), StringComparison.Ordinal);
        Assert.Equal(["Ça résout mon problème", "Demander aux pairs quand même"], ModuleWorld.Buttons(offer));
        Assert.Empty(await world.RecipientsOfLatestAsync("learner-lea"));
    }

    [Fact]
    public async Task A_question_of_another_module_is_not_offered_the_answer()
    {
        await world.ForgetQuestionsAsync();
        await HugoAsksAndAichaAnswersByEmailAsync();

        // Marc is in Module 1 only: Module 2's answers are not his module's.
        var marc = await world.OpenChatAsync("learner-marc");
        await marc.SaysAsync(NinaAsks);

        Assert.Contains("Je transmets votre question aux volontaires de « Module 1", ModuleWorld.Text(Assert.Single(await marc.BotMessagesAsync())), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Insights_and_the_help_network_count_both_questions_under_module_2()
    {
        await world.ForgetQuestionsAsync();
        await HugoAsksAndAichaAnswersByEmailAsync();
        var nina = await world.OpenChatAsync("learner-nina");
        await nina.SaysAsync(NinaAsks);
        await nina.BotMessagesAsync();
        await nina.SaysAsync("Ça résout mon problème");
        await nina.BotMessagesAsync();
        var claire = await world.TutorBrowserAsync("tutor-claire");

        var m2 = await JsonAsync(claire, "/api/tutor/insights?module=m2-data");
        var m1 = await JsonAsync(claire, "/api/tutor/insights?module=m1-platform");

        Assert.Equal(2, m2.GetProperty("perTopic").EnumerateArray().Sum(t => t.GetProperty("questions").GetInt32()));
        Assert.Equal(1, m2.GetProperty("byPeers").GetInt32());
        Assert.Equal(1, m2.GetProperty("byEarlierAnswer").GetInt32());
        Assert.Equal(0, m2.GetProperty("unanswered").GetInt32());
        Assert.Empty(m1.GetProperty("perTopic").EnumerateArray());

        var network = await JsonAsync(claire, "/api/tutor/network?module=m2-data");
        var names = network.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("id").GetGuid(), n => n.GetProperty("label").GetString());
        var edge = Assert.Single(network.GetProperty("edges").EnumerateArray());
        Assert.Equal(("Aïcha Payet", "Hugo Bernard"), (names[edge.GetProperty("source").GetGuid()], names[edge.GetProperty("target").GetGuid()]));
        Assert.DoesNotContain("Hugo Bernard", network.GetProperty("participation").GetProperty("isolated").EnumerateArray().Select(i => i.GetString()));
        Assert.Empty((await JsonAsync(claire, "/api/tutor/network?module=m1-platform")).GetProperty("edges").EnumerateArray());
    }

    private static async Task<JsonElement> JsonAsync(HttpClient browser, string path) =>
        JsonDocument.Parse(await browser.GetStringAsync(new Uri(path, UriKind.Relative))).RootElement;

    /// <returns>The day of Aïcha's answer as the French offer writes it.</returns>
    private async Task<string> HugoAsksAndAichaAnswersByEmailAsync(string asks = HugoAsks, string answers = AichaAnswers)
    {
        var hugo = await world.OpenChatAsync("learner-hugo");
        await hugo.SaysAsync(asks);
        Assert.Contains("Je transmets votre question", ModuleWorld.Text(Assert.Single(await hugo.BotMessagesAsync())), StringComparison.Ordinal);
        await hugo.SaysAsync("Oui, demander aux pairs");
        await hugo.BotMessagesAsync();
        var asked = (await world.MailAboutAsync("learner-aicha", "feuille Ventes, pourquoi")).Last();

        await world.Host.Services.GetRequiredService<IInboundMailHandler>().HandleAsync(
            ModuleWorld.Reply(asked, world.Person("learner-aicha").Name, world.Email("learner-aicha"), answers), CancellationToken.None);
        var relayed = await hugo.BotMessagesAsync(timeoutMs: 10_000);
        Assert.Contains(relayed, m => ModuleWorld.Text(m).Contains("Mets FAUX en dernier argument", StringComparison.Ordinal));

        await using var c = await world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        var at = await c.ExecuteScalarAsync<DateTime>("SELECT created_at FROM supportbot.answers WHERE id = @id", new { id = await AnswerOfAsync("learner-hugo") });
        return at.ToUniversalTime().ToString("d MMM", CultureInfo.GetCultureInfo("fr-FR"));
    }

    private async Task<Guid> AnswerOfAsync(string askerId)
    {
        await using var c = await world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        return await c.ExecuteScalarAsync<Guid>("""
            SELECT a.id FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id
            JOIN supportbot.people p ON p.id = q.asker_id WHERE p.external_id = @askerId ORDER BY a.created_at DESC LIMIT 1
            """, new { askerId });
    }

    private async Task<(string Status, Guid? SolvedBy, string? Outcome)> LatestOfAsync(string askerId)
    {
        await using var c = await world.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        return await c.QuerySingleAsync<(string, Guid?, string?)>("""
            SELECT q.status, q.solved_by_answer_id, (SELECT o.outcome FROM supportbot.similar_answer_offers o WHERE o.question_id = q.id AND o.rank = 1)
            FROM supportbot.questions q JOIN supportbot.people p ON p.id = q.asker_id
            WHERE p.external_id = @askerId ORDER BY q.created_at DESC LIMIT 1
            """, new { askerId });
    }
}
