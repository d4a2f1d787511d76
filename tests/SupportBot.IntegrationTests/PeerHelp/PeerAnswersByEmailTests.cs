using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.IntegrationTests.Routing;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.PeerHelp;

/// <summary>
/// The whole loop with every real part running: the learner asks in the web chat, a Hangfire server
/// routes the question, the peer's email arrives in smtp4dev, the peer replies through SMTP like a
/// mail client, the IMAP watcher ingests it, and the learner sees only the new text in the chat.
/// </summary>
public sealed class PeerAnswersByEmailTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private BotHost host = null!;

    private string PeerEmail => $"ines.{run}@example.test";

    public async Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            // Its own mailbox (e2e+...@), which no other test reads or flags.
            ["OutgoingMail:ReplyLocalPart"] = "e2e",
            ["Imap:UserName"] = "e2e",
            ["Imap:Password"] = "e2e",
            ["Inbox:HeartbeatInterval"] = "00:00:00.300",
        });
        await DemoKnowledgeBase.LoadAsync(host.Services);
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", CancellationToken.None);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, CancellationToken.None);
        var peer = await people.UpsertPersonAsync(new PersonRecord($"peer-{run}", "Inès Moreau", PeerEmail, "fr", "Europe/Paris", false), CancellationToken.None);
        await people.UpsertVolunteerAsync(peer, new VolunteerPreferences(["technical", "content"], 5, null, null), "tutor", CancellationToken.None);
        // An alumna of the module: routing asks only the module's volunteers (#14).
        await people.AddAlumnusAsync(peer, "m1", CancellationToken.None);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_peer_answers_by_email_and_the_learner_sees_only_the_new_text_in_the_chat()
    {
        var learner = await WebChatLearner.OpenAsync(host, new LearnerIdentity($"learner-{run}", "Léa Dubois", $"lea.{run}@example.test", "m1", "fr", "Europe/Paris"));
        await learner.SaysAsync("quelqu'un a compris la question 2 du TD de statistiques ?");
        Assert.Contains("Je transmets votre question", Assert.Single(await learner.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        await learner.SaysAsync("Oui, demander aux pairs");
        await learner.BotMessagesAsync();

        var question = Assert.Single(await Smtp4devMailbox.ToAsync(PeerEmail, timeoutMs: 90_000));
        Assert.Contains("statistiques", question.TextBody, StringComparison.Ordinal);
        await PeerMailClient.RepliesAsync(question, PeerMailClient.StatisticsAnswerFromIPhone);

        var answer = Assert.Single(await learner.BotMessagesAsync(atLeast: 1, timeoutMs: 90_000));
        var text = answer.GetProperty("text").GetString()!;
        Assert.Contains("calculer la moyenne, puis la variance", text, StringComparison.Ordinal);
        Assert.Contains("Inès", text, StringComparison.Ordinal);
        Assert.DoesNotContain("a écrit", text, StringComparison.Ordinal);
        Assert.DoesNotContain("iPhone", text, StringComparison.Ordinal);
        Assert.DoesNotContain("> ", text, StringComparison.Ordinal);
        var buttons = answer.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()).ToList();
        Assert.Equal(["C'est résolu", "Toujours bloqué"], buttons);

        await learner.SaysAsync("C'est résolu");
        Assert.Contains("remerciements", Assert.Single(await learner.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        var thanks = await Smtp4devMailbox.ToAsync(PeerEmail, atLeast: 2, timeoutMs: 90_000);
        Assert.Equal(2, thanks.Count);
    }

    [Fact]
    public async Task A_thank_you_typed_after_a_peers_answer_resolves_the_question_and_thanks_the_peer()
    {
        var learner = await AnsweredByThePeerAsync("hugo", "quelqu'un sait comment présenter la bibliographie du rapport de stage ?");

        // Typed, not the button: the learner's words after the answer mean the same.
        await learner.SaysAsync("merci beaucoup, ça marche !");
        Assert.Contains("remerciements", Assert.Single(await learner.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        var mails = await Smtp4devMailbox.ToAsync(PeerEmail, atLeast: 2, timeoutMs: 90_000);
        Assert.Equal(2, mails.Count);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("resolved", await c.ExecuteScalarAsync<string>(
            "SELECT q.status FROM supportbot.questions q JOIN supportbot.people p ON p.id = q.asker_id WHERE p.external_id = @id", new { id = $"hugo-{run}" }));
    }

    [Fact]
    public async Task A_thank_you_after_a_newer_faq_answer_thanks_that_answer_and_leaves_the_peers_question_open()
    {
        var learner = await AnsweredByThePeerAsync("zoe", "est-ce que quelqu'un a un modèle de lettre de motivation pour le stage ?");

        await learner.SaysAsync("j'ai oublié mon mot de passe, comment faire ?");
        Assert.Contains("Mot de passe oublié", Assert.Single(await learner.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
        await learner.SaysAsync("merci ça marche !");
        Assert.Contains("Avec plaisir", Assert.Single(await learner.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);

        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("answered", await c.ExecuteScalarAsync<string>(
            "SELECT q.status FROM supportbot.questions q JOIN supportbot.people p ON p.id = q.asker_id WHERE p.external_id = @id", new { id = $"zoe-{run}" }));
        Assert.Equal("helped", await c.ExecuteScalarAsync<string>(
            "SELECT f.feedback FROM supportbot.faq_queries f JOIN supportbot.people p ON p.id = f.person_id WHERE p.external_id = @id AND f.outcome = 'answered'", new { id = $"zoe-{run}" }));
    }

    /// <summary>
    /// A learner of module 1 asks peers <paramref name="question"/> in the chat, and the peer's emailed answer reaches the
    /// chat. Each test asks its own question: an answered one would be offered to the next learner as a similar one.
    /// </summary>
    private async Task<WebChatLearner> AnsweredByThePeerAsync(string name, string question)
    {
        var learner = await WebChatLearner.OpenAsync(host, new LearnerIdentity($"{name}-{run}", name, $"{name}.{run}@example.test", "m1", "fr", "Europe/Paris"));
        await learner.SaysAsync(question);
        await learner.BotMessagesAsync();
        await learner.SaysAsync("Oui, demander aux pairs");
        await learner.BotMessagesAsync();

        var sent = Assert.Single(await Smtp4devMailbox.ToAsync(PeerEmail, timeoutMs: 90_000));
        await PeerMailClient.RepliesAsync(sent, PeerMailClient.StatisticsAnswerFromIPhone);
        Assert.Contains("calculer la moyenne", Assert.Single(await learner.BotMessagesAsync(atLeast: 1, timeoutMs: 90_000)).GetProperty("text").GetString(), StringComparison.Ordinal);
        return learner;
    }
}
