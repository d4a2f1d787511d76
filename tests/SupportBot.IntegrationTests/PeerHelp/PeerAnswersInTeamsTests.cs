using System.Net;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.IntegrationTests.Routing;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.PeerHelp;

/// <summary>
/// The whole loop through the Teams path: the learner writes to /api/messages with RS256 tokens
/// from the local issuer, is recognised by the email the Connector gives for them, a Hangfire
/// server routes the question, the peer replies through smtp4dev's SMTP, the IMAP watcher ingests
/// it, and the fake Connector receives only the new text, on the learner's conversation, with the
/// bot's token.
/// </summary>
public sealed partial class PeerAnswersInTeamsTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private TeamsChannel teams = null!;
    private BotHost host = null!;

    private string PeerEmail => $"ines.{run}@example.test";

    public async Task InitializeAsync()
    {
        teams = await TeamsChannel.StartAsync();
        var settings = teams.HostSettings();
        settings["Jobs:RunServer"] = "true";
        settings["Jobs:QueuePollInterval"] = "00:00:00.200";
        // Its own mailbox (teams+...@), which no other test reads or flags.
        settings["OutgoingMail:ReplyLocalPart"] = "teams";
        settings["Imap:UserName"] = "teams";
        settings["Imap:Password"] = "teams";
        settings["Inbox:HeartbeatInterval"] = "00:00:00.300";
        host = BotHost.StartListening(db.ConnectionString, settings);
        await DemoKnowledgeBase.LoadAsync(host.Services);
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", CancellationToken.None);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, CancellationToken.None);
        var peer = await people.UpsertPersonAsync(new PersonRecord($"peer-{run}", "Inès Moreau", PeerEmail, "fr", "Europe/Paris", false), CancellationToken.None);
        await people.UpsertVolunteerAsync(peer, new VolunteerPreferences(["technical", "content"], 5, null, null), "tutor", CancellationToken.None);
        // An alumna of the module: routing asks only the module's volunteers (#14).
        await people.AddAlumnusAsync(peer, "m1", CancellationToken.None);
        // The course platform has the address in capitals; Teams gives it in lower case.
        await people.UpsertLearnerAsync(new LearnerIdentity($"learner-{run}", "Léa Dubois", $"LEA.{run}@Example.test", "m1", "fr", "Europe/Paris"), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await teams.DisposeAsync();
    }

    [Fact]
    public async Task A_peer_answers_by_email_and_the_teams_learner_gets_only_the_new_text_on_their_conversation()
    {
        using var learner = teams.Learner(host.Address!, "29:lea-" + run, "Léa Dubois", $"lea.{run}@example.test");

        Assert.Equal(HttpStatusCode.OK, await learner.SaysAsync("quelqu'un a compris la question 2 du TD de statistiques ?"));
        var offer = Assert.Single(await learner.BotMessagesAsync());
        Assert.Contains("Je transmets votre question", offer.Text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await learner.SaysAsync("Oui, demander aux pairs"));
        Assert.Contains("C'est transmis", Assert.Single(await learner.BotMessagesAsync()).Text, StringComparison.Ordinal);

        var question = Assert.Single(await Smtp4devMailbox.ToAsync(PeerEmail, timeoutMs: 90_000));
        Assert.Contains("statistiques", question.TextBody, StringComparison.Ordinal);
        Assert.StartsWith("teams+q.", question.ReplyTo.Mailboxes.Single().Address, StringComparison.Ordinal);
        await PeerMailClient.RepliesAsync(question, PeerMailClient.StatisticsAnswerFromIPhone);

        var answer = Assert.Single(await learner.BotMessagesAsync(atLeast: 1, timeoutMs: 90_000));
        // Proactive: to the conversation itself, not as a reply to one of the learner's activities.
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(learner.ConversationId)}/activities", answer.Request.RawTarget);
        Assert.Matches(BotToken(), answer.Request.Authorization);
        Assert.Contains("client_id=bot-app-id", Assert.Single(teams.Connector.TokenRequests).Body, StringComparison.Ordinal);
        Assert.Equal(learner.UserId, answer.Activity.GetProperty("recipient").GetProperty("id").GetString());
        Assert.Equal(TeamsChannel.BotId, answer.Activity.GetProperty("from").GetProperty("id").GetString());
        Assert.Contains("calculer la moyenne, puis la variance", answer.Text, StringComparison.Ordinal);
        Assert.StartsWith("Inès ", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Moreau", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("a écrit", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("iPhone", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("> ", answer.Text, StringComparison.Ordinal);
        Assert.Equal(["C'est résolu", "Toujours bloqué"], answer.Buttons);

        Assert.Equal(HttpStatusCode.OK, await learner.SaysAsync("C'est résolu"));
        Assert.Contains("remerciements", Assert.Single(await learner.BotMessagesAsync()).Text, StringComparison.Ordinal);
        var mail = await Smtp4devMailbox.ToAsync(PeerEmail, atLeast: 2, timeoutMs: 90_000);
        Assert.Equal(2, mail.Count);
        Assert.Contains(mail, m => m.MessageId != question.MessageId && (m.TextBody ?? "").Contains("Merci", StringComparison.OrdinalIgnoreCase));

        // Four turns, one question to Teams about who the learner is.
        Assert.Single(teams.Connector.MemberLookups);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(1, await c.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM supportbot.conversation_references WHERE conversation_id = @ConversationId AND person_id IS NOT NULL",
            new { learner.ConversationId }));
    }

    [GeneratedRegex("^Bearer token-[0-9]+$")]
    private static partial Regex BotToken();
}
