using System.Collections.Concurrent;
using System.Text.Json;
using Dapper;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using MimeKit.Utils;
using Npgsql;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Routing;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using SupportBot.Shared.Routing;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Inbox;

/// <summary>
/// Fault: the PostgreSQL server restarts while the inbox watcher is ingesting a batch of peer
/// replies. The whole product runs (inbox watcher, Hangfire relay jobs, send log) on a cluster of
/// its own; answers go to a Teams conversation on the fake Connector, which counts them.
/// </summary>
public sealed class InboxPostgresRestartTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Replies = 20;
    private readonly ThrowawayCluster cluster = new();
    private readonly ConcurrentQueue<string> logs = new();
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private FakeConnectorService connector = null!;
    private BotHost host = null!;

    private string ConversationId => $"a:1restart{run}";

    public async Task InitializeAsync()
    {
        await cluster.InitializeAsync();
        FreshDatabase.MigratorFor(cluster.ConnectionString).Migrate();
        connector = await FakeConnectorService.StartAsync();
        host = new BotHost(cluster.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            // A relay job a worker had fetched when the database went away is taken again after this.
            ["Jobs:InvisibilityTimeout"] = "00:00:10",
            ["Routing:PeersPerQuestion"] = "1",
            ["Routing:MaxOpenPerPeer"] = "50",
            // Its own mailbox (faults+...@), which no other test reads or flags.
            ["OutgoingMail:ReplyLocalPart"] = "faults",
            ["Imap:UserName"] = "faults",
            ["Imap:Password"] = "faults",
            ["Inbox:HeartbeatInterval"] = "00:00:00.200",
            ["Inbox:ReconnectDelay"] = "00:00:00.100",
            ["Inbox:MaxReconnectDelay"] = "00:00:00.800",
            ["Inbox:LockRetryInterval"] = "00:00:00.300",
            ["Bot:AllowedServiceUrls:0"] = connector.BaseAddress.AbsoluteUri,
        }, web => web.ConfigureLogging(l => l.AddProvider(new CollectingLogger(logs))));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await connector.DisposeAsync();
        await cluster.DisposeAsync();
    }

    [Fact]
    public async Task Every_reply_is_relayed_exactly_once_when_postgres_restarts_mid_batch_and_the_watcher_resumes_by_itself()
    {
        var tokens = await QuestionsRoutedToOnePeerAsync(Replies);
        await WaitForWatcherAsync();

        var replies = PeerRepliesAsync(tokens);
        await WaitForAnswersAsync(atLeast: 3, TimeSpan.FromSeconds(60));
        var stoppedAt = DateTime.UtcNow;
        await cluster.StopAsync();
        await Task.Delay(1500);
        await cluster.StartAsync();
        var restartedAt = DateTime.UtcNow;
        await replies;

        var relayed = await RelayedAsync(Replies, TimeSpan.FromSeconds(150));
        await Task.Delay(3000);
        relayed = Relayed();

        var perReply = Enumerable.Range(1, Replies).Select(i => relayed.Count(t => t.Contains(Label(i), StringComparison.Ordinal))).ToList();
        var timeline = await AnswerTimesAsync();
        var before = timeline.Count(t => t < stoppedAt);
        var after = timeline.Count(t => t > restartedAt);
        output.WriteLine($"{Replies} replies: {before} ingested before the stop, {after} after the restart; relayed {relayed.Count} messages; per reply: {string.Join(",", perReply)}");
        Assert.All(perReply, n => Assert.Equal(1, n));
        Assert.Equal(Replies, relayed.Count);
        Assert.Equal(Replies, timeline.Count);
        // The restart really fell in the middle of the batch.
        Assert.InRange(before, 1, Replies - 1);
        Assert.True(after > 0, "nothing was ingested after the restart");

        var lines = logs.ToArray();
        Assert.Contains(lines, l => l.Contains("Lost the database while watching", StringComparison.Ordinal)
            || l.Contains("connection holding the inbox lock is gone", StringComparison.Ordinal));
        Assert.True(lines.Count(l => l.StartsWith("Information: Watching faults@", StringComparison.Ordinal)) >= 2, "the watcher did not start watching again");
        foreach (var line in lines.Where(l => l.StartsWith("Error", StringComparison.Ordinal)))
        {
            output.WriteLine(line);
        }

        Assert.DoesNotContain(lines, l => l.Contains("failed unexpectedly", StringComparison.Ordinal) || l.Contains("Skipping UID", StringComparison.Ordinal));
    }

    private static string Label(int i) => $"Réponse n°{i:00}";

    private async Task<List<string>> QuestionsRoutedToOnePeerAsync(int count)
    {
        var ct = CancellationToken.None;
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", ct);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, ct);
        var asker = await people.UpsertPersonAsync(new PersonRecord("lea", "Léa Dubois", $"lea.{run}@example.test", "fr", "Europe/Paris", false), ct);
        await people.EnrolAsync(asker, "m1", null, ct);
        var peer = await people.UpsertPersonAsync(new PersonRecord("ines", "Inès Moreau", PeerEmail, "fr", "Europe/Paris", false), ct);
        await people.UpsertVolunteerAsync(peer, new VolunteerPreferences(["technical"], 100, null, null), "tutor", ct);
        await people.AddAlumnusAsync(peer, "m1", ct);
        var reference = await host.Services.GetRequiredService<ConversationReferenceStore>().UpsertAsync(new ConversationReference(
            "msteams", connector.BaseAddress.AbsoluteUri, ConversationId, "tenant", "28:bot", "SupportBot", "29:lea", "Léa Dubois", null, "fr-FR", null), asker, ct);
        var questions = host.Services.GetRequiredService<QuestionStore>();
        var route = host.Services.GetRequiredService<RouteQuestionJob>();
        for (var i = 1; i <= count; i++)
        {
            var question = await questions.CreateAsync(new NewQuestion(asker, "m1", "technical", "fr", $"Question {i} : le notebook ne démarre pas.", reference), ct);
            await route.RunAsync(question, ct);
        }

        await using var c = await OpenAsync();
        return (await c.QueryAsync<string>("""
            SELECT r.reply_token FROM supportbot.question_recipients r JOIN supportbot.questions q ON q.id = r.question_id
            ORDER BY q.created_at
            """)).ToList();
    }

    private string PeerEmail => $"ines.{run}@example.test";

    /// <summary>The peer answers every question from a mail client, one SMTP session, quote and signature included.</summary>
    private async Task PeerRepliesAsync(IReadOnlyList<string> tokens)
    {
        var addresses = host.Services.GetRequiredService<ReplyAddresses>();
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", TestServices.SmtpPort, SecureSocketOptions.None);
        for (var i = 0; i < tokens.Count; i++)
        {
            var reply = new MimeMessage();
            reply.From.Add(new MailboxAddress("Inès Moreau", PeerEmail));
            reply.To.Add(MailboxAddress.Parse(addresses.ReplyTo(tokens[i])));
            reply.Subject = $"Re: Question {i + 1}";
            reply.MessageId = MimeUtils.GenerateMessageId("mail.example.test");
            reply.Body = new TextPart("plain")
            {
                Text = $"{Label(i + 1)} : redémarrez le noyau puis relancez la cellule.\r\n\r\n> Question {i + 1} : le notebook ne démarre pas.\r\n\r\n-- \r\nInès\r\n",
            };
            await smtp.SendAsync(reply);
        }

        await smtp.DisconnectAsync(true);
    }

    private async Task WaitForWatcherAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!logs.Any(l => l.StartsWith("Information: Watching faults@", StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the inbox watcher never started");
            await Task.Delay(100);
        }
    }

    private async Task WaitForAnswersAsync(int atLeast, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (DateTime.UtcNow < deadline)
        {
            await using var c = await OpenAsync();
            if (await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.answers") >= atLeast)
            {
                return;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"fewer than {atLeast} replies were ingested within {within}");
    }

    private async Task<List<string>> RelayedAsync(int atLeast, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (Relayed().Count < atLeast && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200);
        }

        return Relayed();
    }

    /// <summary>Texts of the answers the Connector received on the learner's conversation.</summary>
    private List<string> Relayed() => connector.Requests
        .Where(r => r.Method == "POST" && r.RawTarget == $"/v3/conversations/{Uri.EscapeDataString(ConversationId)}/activities")
        .Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("text").GetString() ?? "")
        .ToList();

    private async Task<List<DateTime>> AnswerTimesAsync()
    {
        await using var c = await OpenAsync();
        return (await c.QueryAsync<DateTime>("SELECT created_at FROM supportbot.answers")).Select(t => t.ToUniversalTime()).ToList();
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var c = new NpgsqlConnection(cluster.ConnectionString);
        await c.OpenAsync();
        return c;
    }

    /// <summary>Keeps the product's own log lines ("Level: message") for the test to read.</summary>
    private sealed class CollectingLogger(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) =>
            categoryName.StartsWith("SupportBot", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel}: {formatter(state, exception)}{(exception is null ? "" : $" [{exception.GetType().Name}: {exception.Message} <- {exception.InnerException?.GetType().Name}: {exception.InnerException?.Message}]")}");

        public void Dispose()
        {
        }
    }
}
