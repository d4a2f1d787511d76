using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Routing;
using SupportBot.Shared.People;
using SupportBot.Shared.Routing;

namespace SupportBot.IntegrationTests.Routing;

/// <summary>
/// The chat drill killed the bot host between "yes, ask peers" committing the recipients and
/// enqueueing their send jobs: 4 of 300 questions stayed routed with no email ever sent, and their
/// learners never got an answer. Such questions are routed again, and the peer gets one email.
/// </summary>
public sealed class ResumeRoutingTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private BotHost host = null!;

    public Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            ["Inbox:Enabled"] = "false",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_question_routed_by_a_host_that_died_before_enqueueing_its_emails_is_sent_once()
    {
        var ct = CancellationToken.None;
        var (_, peerEmail, question) = await AskerPeerAndQuestionAsync();
        // The dead host's part: the recipients committed, nothing enqueued, three minutes ago.
        await host.Services.GetRequiredService<RecipientStore>().RouteAsync(question, host.Services.GetRequiredService<RoutingPolicy>().Decide, ct);
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE supportbot.question_recipients SET asked_at = now() - interval '3 minutes' WHERE question_id = @question", new { question });
        }

        Assert.Empty(await Smtp4devMailbox.ToAsync(peerEmail, atLeast: 0));
        var job = host.Services.GetRequiredService<ResumeRoutingJob>();
        await job.RunAsync(ct);
        Assert.Single(await Smtp4devMailbox.ToAsync(peerEmail, timeoutMs: 30_000));

        await job.RunAsync(ct);
        await Task.Delay(2000);
        Assert.Single(await Smtp4devMailbox.ToAsync(peerEmail));
    }

    [Fact]
    public async Task An_answer_stored_by_a_host_that_died_before_enqueueing_its_relay_reaches_the_learner_once()
    {
        var ct = CancellationToken.None;
        var (askerEmail, peerEmail, question) = await AskerPeerAndQuestionAsync();
        var s = question.ToString("N")[..10];
        var peer = (await host.Services.GetRequiredService<PeopleStore>().FindByEmailAsync([peerEmail], ct))!.Value;
        await host.Services.GetRequiredService<QuestionRouter>().RouteAsync(question, ct);
        Assert.Single(await Smtp4devMailbox.ToAsync(peerEmail, timeoutMs: 30_000));

        // The dead host's part: the peer's answer stored, its relay never enqueued, three minutes ago.
        long recipientId;
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            recipientId = await c.ExecuteScalarAsync<long>("SELECT id FROM supportbot.question_recipients WHERE question_id = @question", new { question });
        }

        var stored = await host.Services.GetRequiredService<AnswerStore>().StoreAnswerAsync(
            new NewAnswer(question, peer, recipientId, "Videz le cache du navigateur puis redéposez le fichier.", [], $"<reply-{s}@mail.example.test>", peerEmail), ct);
        Assert.True(stored is { Relay: true });
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE supportbot.answers SET created_at = now() - interval '3 minutes' WHERE question_id = @question", new { question });
        }

        var job = host.Services.GetRequiredService<ResumeRoutingJob>();
        await job.RunAsync(ct);
        // Léa has no chat conversation: the relay sends her the email copy at once.
        var mail = Assert.Single(await Smtp4devMailbox.ToAsync(askerEmail, timeoutMs: 30_000));
        Assert.Contains("Videz le cache", mail.TextBody);

        await job.RunAsync(ct);
        await Task.Delay(2000);
        Assert.Single(await Smtp4devMailbox.ToAsync(askerEmail));
    }

    /// <summary>Léa asks, in a module of her own, a question Inès (its one volunteer) can get.</summary>
    private async Task<(string AskerEmail, string PeerEmail, Guid Question)> AskerPeerAndQuestionAsync()
    {
        var s = Guid.NewGuid().ToString("N")[..10];
        var ct = CancellationToken.None;
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("course-" + s, "Licence", ct);
        await people.UpsertModuleAsync("module-" + s, "course-" + s, "Module 1", null, ct);
        var askerEmail = $"lea.{s}@example.test";
        var asker = await people.UpsertPersonAsync(new PersonRecord("asker-" + s, "Léa Dubois", askerEmail, "fr", "Europe/Paris", false), ct);
        await people.EnrolAsync(asker, "module-" + s, null, ct);
        var peerEmail = $"peer.{s}@example.test";
        var peer = await people.UpsertPersonAsync(new PersonRecord("peer-" + s, "Inès Moreau", peerEmail, "fr", "Europe/Paris", false), ct);
        await people.UpsertVolunteerAsync(peer, new VolunteerPreferences(["topic-" + s], 5, null, null), "import", ct);
        await people.EnrolAsync(peer, "module-" + s, null, ct);
        var question = await host.Services.GetRequiredService<QuestionStore>().CreateAsync(
            new NewQuestion(asker, "module-" + s, "topic-" + s, "fr", "Je n'arrive pas à déposer mon devoir.", null), ct);
        return (askerEmail, peerEmail, question);
    }
}
