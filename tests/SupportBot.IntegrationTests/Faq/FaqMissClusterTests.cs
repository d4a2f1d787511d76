using Dapper;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Faq;
using SupportBot.Jobs.Hosting;
using SupportBot.Shared.Faq;

namespace SupportBot.IntegrationTests.Faq;

public sealed class FaqMissClusterTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    // 02:30 UTC is 03:30 in Paris in winter: the nightly run of 10 March.
    private static readonly DateTimeOffset Night = new(2026, 3, 10, 2, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_nightly_job_clusters_the_weeks_misses_and_a_rerun_replaces_the_days_open_clusters()
    {
        await LearnersMissedAsync(Night.AddDays(-1), "fr", "wifi du campus", "connexion wifi campus", "le wifi du campus ne marche pas");
        await LearnersMissedAsync(Night.AddDays(-2), "en", "campus wifi password", "password for the campus wifi");
        await LearnersMissedAsync(Night.AddDays(-3), "fr", "calcul écart type", "comment calculer un écart-type");
        await LearnersMissedAsync(Night.AddDays(-9), "fr", "parking centre examen", "parking du centre d'examen");
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                INSERT INTO supportbot.faq_queries (language, query, outcome, entry_id, score)
                VALUES ('fr', 'mdp oublié', 'answered', 'password-reset', 0.9), ('fr', 'mot de passe oublié', 'answered', 'password-reset', 0.9)
                """);
        }

        var job = new ClusterFaqMissesJob(new FaqMissClusterStore(db.DataSource), new FakeTimeProvider(Night), NullLogger<ClusterFaqMissesJob>.Instance);
        await job.RunAsync(CancellationToken.None);
        await job.RunAsync(CancellationToken.None);

        var clusters = (await ClustersAsync()).Where(k => k.ComputedFor == new DateOnly(2026, 3, 10)).ToList();
        Assert.Equal(
            [("fr", 3, "open"), ("en", 2, "open"), ("fr", 2, "open")],
            clusters.Select(k => (k.Language, k.Size, k.Status)));
        Assert.Contains("wifi", clusters[0].Label, StringComparison.Ordinal);
        Assert.DoesNotContain(clusters, k => k.Queries.Any(q => q.Contains("parking", StringComparison.Ordinal) || q.Contains("oublié", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_dismissed_cluster_keeps_its_decision_and_its_questions_do_not_come_back()
    {
        var store = new FaqMissClusterStore(db.DataSource);
        var day = new DateOnly(2026, 4, 2);
        var from = new DateTimeOffset(2026, 3, 26, 0, 0, 0, TimeSpan.Zero);
        var to = new DateTimeOffset(2026, 4, 2, 1, 0, 0, TimeSpan.Zero);
        await LearnersMissedAsync(to.AddHours(-5), "fr", "tu es nul", "tu es nul");
        await LearnersMissedAsync(to.AddHours(-4), "fr", "salle info fermée", "salle informatique fermée");
        await store.RefreshDayAsync(day, from, to, options: null, CancellationToken.None);
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE supportbot.faq_miss_clusters SET status = 'dismissed' WHERE computed_for = @day AND 'tu es nul' = ANY (queries)", new { day });
        }

        await LearnersMissedAsync(to.AddHours(-1), "fr", "tu es nul");
        var rerun = await store.RefreshDayAsync(day, from, to, options: null, CancellationToken.None);

        var open = await store.ListOpenAsync(CancellationToken.None);
        Assert.Equal(["salle info fermée"], open.Select(k => k.Label));
        Assert.Equal(day, open[0].ComputedFor);
        Assert.DoesNotContain(rerun, k => k.Queries.Contains("tu es nul"));
        Assert.Single(await ClustersAsync(), k => k.Status == "dismissed" && k.ComputedFor == new DateOnly(2026, 4, 2));
    }

    [Fact]
    public async Task A_host_running_a_hangfire_server_schedules_the_nightly_clustering_in_paris_time()
    {
        await using var host = new BotHost(db.ConnectionString, new Dictionary<string, string?> { ["Jobs:RunServer"] = "true", ["Jobs:WorkerCount"] = "1" });
        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();

        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == RecurringJobs.FaqMissClusters);

        Assert.Equal(("0 3 * * *", "Europe/Paris"), (job.Cron, job.TimeZoneId));
        Assert.Equal(typeof(ClusterFaqMissesJob), job.Job.Type);
    }

    [Fact]
    public async Task Answers_taken_back_with_not_quite_join_the_misses_and_answers_kept_do_not()
    {
        await using var host = new BotHost(db.ConnectionString);
        await DemoKnowledgeBase.LoadAsync(host.Services);
        var from = DateTimeOffset.UtcNow.AddMinutes(-1);
        async Task<WebChatLearner> AsksAsync(string text, string then)
        {
            var id = Guid.NewGuid().ToString("N")[..8];
            var learner = await WebChatLearner.OpenAsync(host, new SupportBot.Shared.People.LearnerIdentity($"learner-{id}", $"Learner {id}", $"{id}@example.test", null, "fr", "Europe/Paris"));
            await learner.SaysAsync(text);
            Assert.Contains("Mot de passe oublié", Assert.Single(await learner.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
            await learner.SaysAsync(then);
            await learner.BotMessagesAsync();
            return learner;
        }

        // Two learners whose question the password entry did not settle, one it did.
        await AsksAsync("j'ai oublié mon mot de passe de la messagerie du campus", "Pas tout à fait");
        await AsksAsync("mot de passe de la messagerie du campus oublié", "Pas tout à fait");
        await AsksAsync("j'ai oublié mon mot de passe, comment faire ?", "Ça m'a aidé");

        var clusters = await new FaqMissClusterStore(db.DataSource).RefreshDayAsync(
            DateOnly.FromDateTime(DateTime.UtcNow), from, DateTimeOffset.UtcNow.AddMinutes(1), options: null, CancellationToken.None);

        var messagerie = Assert.Single(clusters, k => k.Queries.Any(q => q.Contains("messagerie", StringComparison.Ordinal)));
        Assert.Equal(2, messagerie.Size);
        Assert.DoesNotContain(clusters, k => k.Queries.Contains("j'ai oublié mon mot de passe, comment faire ?"));
    }

    private async Task LearnersMissedAsync(DateTimeOffset at, string language, params string[] queries)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        await c.ExecuteAsync("""
            INSERT INTO supportbot.faq_queries (language, query, outcome, score, created_at) VALUES (@language, @query, 'no_match', 0.2, @at)
            """, queries.Select(query => new { language, query, at }));
    }

    private async Task<List<ClusterRow>> ClustersAsync()
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return (await c.QueryAsync<ClusterRow>("""
            SELECT computed_for AS ComputedFor, language AS Language, label AS Label, queries AS Queries, size AS Size, status AS Status
            FROM supportbot.faq_miss_clusters ORDER BY size DESC, language, id
            """)).ToList();
    }

    private sealed class ClusterRow
    {
        public DateOnly ComputedFor { get; init; }

        public string Language { get; init; } = "";

        public string Label { get; init; } = "";

        public string[] Queries { get; init; } = [];

        public int Size { get; init; }

        public string Status { get; init; } = "";
    }
}
