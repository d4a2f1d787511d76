using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.IntegrationTests.Routing;
using SupportBot.Jobs.Routing;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.People;
using SupportBot.Shared.Routing;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Delivery;

/// <summary>
/// The send log's claim is atomic: Hangfire may run the same send job twice at once (a retry
/// overlapping a slow first run, two workers after an invisibility timeout), and the recipient
/// still gets one email. A claimer that crashed holds its key only until its lease runs out.
/// </summary>
public sealed class ConcurrentSendTests(FreshDatabase db, ITestOutputHelper output) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private const int RunsPerRecipient = 8;
    private BotHost host = null!;

    public Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task The_same_send_job_run_eight_times_at_once_sends_one_email_per_recipient()
    {
        var (question, peers) = await QuestionRoutedToThreePeersAsync();
        var recipients = await RecipientIdsAsync(question);
        Assert.Equal(3, recipients.Count);

        var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runs = recipients
            .SelectMany(id => Enumerable.Range(0, RunsPerRecipient).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                await host.Services.GetRequiredService<SendQuestionEmailJob>().RunAsync(id, CancellationToken.None);
            })))
            .ToList();
        start.SetResult();
        var outcomes = await Task.WhenAll(runs.Select(Outcome));

        // Every run either did the work, found it done, or was told to come back later: nothing else.
        Assert.All(outcomes, o => Assert.True(o is null or SendInProgressException, o?.ToString()));
        var busy = outcomes.Count(o => o is SendInProgressException);
        foreach (var id in recipients)
        {
            // Hangfire's retry of a run that was told to come back later: finds the email sent.
            await host.Services.GetRequiredService<SendQuestionEmailJob>().RunAsync(id, CancellationToken.None);
        }

        var perPeer = new List<int>();
        foreach (var peer in peers)
        {
            perPeer.Add((await Smtp4devMailbox.ToAsync(peer, atLeast: 1, timeoutMs: 10_000)).Count);
        }

        output.WriteLine($"{recipients.Count * RunsPerRecipient} concurrent runs: {busy} told another run was sending; emails per recipient: {string.Join(", ", perPeer)}");
        Assert.Equal([1, 1, 1], perPeer);
        await using var c = await db.DataSource.OpenConnectionAsync();
        var log = (await c.QueryAsync<(string Status, int Attempts)>(
            "SELECT status, attempts FROM supportbot.send_log WHERE key LIKE @prefix", new { prefix = $"question:{question}:ask:%" })).ToList();
        Assert.Equal(3, log.Count);
        Assert.All(log, row => Assert.Equal(("sent", 1), row));
    }

    [Fact]
    public async Task A_claim_left_by_a_crashed_sender_blocks_others_until_its_lease_runs_out_then_the_email_goes_once()
    {
        var (question, peers) = await QuestionRoutedToThreePeersAsync();
        await using var shortLease = new BotHost(db.ConnectionString, new Dictionary<string, string?> { ["Delivery:ClaimLease"] = "00:00:02" });
        var recipient = (await RecipientIdsAsync(question))[0];
        var mail = await shortLease.Services.GetRequiredService<RecipientStore>().FindMailAsync(recipient, CancellationToken.None);
        var sendLog = shortLease.Services.GetRequiredService<SendLog>();
        // A sender that claimed the key and died before sending or marking anything.
        Assert.True(await sendLog.TryBeginAsync(RoutingSendKeys.Ask(mail!), SendLog.Email, mail!.Email, CancellationToken.None));
        var job = shortLease.Services.GetRequiredService<SendQuestionEmailJob>();

        await Assert.ThrowsAsync<SendInProgressException>(() => job.RunAsync(recipient, CancellationToken.None));
        Assert.Empty(await Smtp4devMailbox.ToAsync(mail.Email, atLeast: 0));

        await Task.Delay(TimeSpan.FromSeconds(2.5));
        await job.RunAsync(recipient, CancellationToken.None);
        await job.RunAsync(recipient, CancellationToken.None);

        Assert.Single(await Smtp4devMailbox.ToAsync(mail.Email));
        Assert.Equal("sent", (await sendLog.FindAsync(RoutingSendKeys.Ask(mail), CancellationToken.None))!.Status);
        Assert.Contains(mail.Email, peers);
    }

    private static async Task<Exception?> Outcome(Task run)
    {
        try
        {
            await run;
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private async Task<(Guid Question, List<string> PeerEmails)> QuestionRoutedToThreePeersAsync()
    {
        var s = Guid.NewGuid().ToString("N")[..10];
        var ct = CancellationToken.None;
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("course-" + s, "Licence", ct);
        await people.UpsertModuleAsync("module-" + s, "course-" + s, "Module 1", null, ct);
        var asker = await people.UpsertPersonAsync(new PersonRecord("asker-" + s, "Léa Dubois", $"lea.{s}@example.test", "fr", "Europe/Paris", false), ct);
        await people.EnrolAsync(asker, "module-" + s, null, ct);
        var peers = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var email = $"peer{i}.{s}@example.test";
            var id = await people.UpsertPersonAsync(new PersonRecord($"peer{i}-{s}", $"Pair {i}", email, "fr", "Europe/Paris", false), ct);
            await people.UpsertVolunteerAsync(id, new VolunteerPreferences(["topic-" + s], 5, null, null), "import", ct);
            await people.EnrolAsync(id, "module-" + s, null, ct);
            peers.Add(email);
        }

        var question = await host.Services.GetRequiredService<QuestionStore>().CreateAsync(
            new NewQuestion(asker, "module-" + s, "topic-" + s, "fr", "Je n'arrive pas à déposer mon devoir.", null), ct);
        await host.Services.GetRequiredService<RouteQuestionJob>().RunAsync(question, ct);
        return (question, peers);
    }

    private async Task<List<long>> RecipientIdsAsync(Guid question)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return (await c.QueryAsync<long>("SELECT id FROM supportbot.question_recipients WHERE question_id = @question ORDER BY id", new { question })).ToList();
    }
}
