using System.Globalization;
using Dapper;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Shared.Data;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Issue #16 item 4, measured: how much a knowledge base nobody tuned for gains from its learners' own use. Each set's
/// messages are split in two halves (even and odd lines); the learners of one half use the bot as shipped, and what they
/// do goes through the product's own store (<see cref="FaqQueryLog"/>, <see cref="FaqStore"/>) on the bench's PostgreSQL
/// cluster, as the chat turn calls it; the other half is then scored with the knowledge base the store loads back, and the
/// halves swap. Prints aggregate rates only, so blind sets stay blind.
/// <para>
/// The learners: careful ones pick the right button when it is shown and click "this helped" on a right answer (an
/// upper bound: real learners click less); careless ones, on every third message whose right entry is not among the
/// buttons, pick the first button anyway (a wrong phrasing learned, the harm learning can do); careless ones who own up
/// say "not quite" after every other such wrong pick. The bot answers every learner of a half as it stood before them.
/// </para>
/// </summary>
internal static class LearningFromUse
{
    private static readonly Learner[] Learners = [new("careful", Careless: false, OwnUpEvery: 0), new("careless", true, 0), new("careless, owning up half the time", true, 2)];

    public static async Task RunAsync(IReadOnlyList<EvaluationSet> sets, SentenceEmbedder embedder, string connectionString)
    {
        new DatabaseMigrator(Options.Create(new DatabaseOptions { ConnectionString = connectionString }), NullLogger<DatabaseMigrator>.Instance).Migrate();
        await using var db = NpgsqlDataSource.Create(connectionString);
        var store = new FaqStore(db);
        using var catalog = new FaqCatalog(db, store, TimeProvider.System, Options.Create(new FaqEmbeddingOptions { Enabled = false }), embedder, NullLogger<FaqCatalog>.Instance);
        var log = new FaqQueryLog(db, catalog);

        Console.WriteLine("Learning from use: each half of a set's messages scored before and after the other half's learners used the bot");
        Console.WriteLine("(overall % · right answers % · wrong answers · one-click %; the two halves summed; after: phrasings learned, of them wrong)");
        Console.WriteLine();
        Console.WriteLine("| set | before | " + string.Join(" | ", Learners.Select(l => "after, " + l.Name)) + " |");
        Console.WriteLine("| --- | --- | " + string.Join(" | ", Learners.Select(_ => "---")) + " |");
        var totals = new Score[Learners.Length + 1];
        foreach (var set in sets)
        {
            var matcher = FaqMatcher.Build(set.Entries, embedder: embedder);
            var halves = new[] { set.Queries.Where((_, i) => i % 2 == 0).ToList(), set.Queries.Where((_, i) => i % 2 == 1).ToList() };
            var scores = new Score[Learners.Length + 1];
            var taught = new (int Learned, int Wrong)[Learners.Length];
            for (var h = 0; h < 2; h++)
            {
                var (users, judged) = (halves[h], halves[1 - h]);
                scores[0] += Score.Of(matcher, judged);
                for (var l = 0; l < Learners.Length; l++)
                {
                    await ResetAsync(db, store, set.Entries);
                    var (learned, wrong) = await TeachAsync(db, matcher, log, users, Learners[l]);
                    taught[l] = (taught[l].Learned + learned, taught[l].Wrong + wrong);
                    scores[l + 1] += Score.Of(FaqMatcher.Build(await store.LoadAllAsync(CancellationToken.None), embedder: embedder), judged);
                }
            }

            for (var i = 0; i < scores.Length; i++)
            {
                totals[i] += scores[i];
            }

            Console.WriteLine($"| {set.Name} | {scores[0]} | " + string.Join(" | ", taught.Select((t, l) => Invariant($"{scores[l + 1]} ({t.Learned}, {t.Wrong})"))) + " |");
        }

        Console.WriteLine("| all sets | " + string.Join(" | ", totals.Select(t => t.ToString())) + " |");
    }

    /// <summary>The set's knowledge base as a course team imports it, with nothing learned and nobody's questions yet.</summary>
    private static async Task ResetAsync(NpgsqlDataSource db, FaqStore store, IReadOnlyList<KnowledgeEntry> entries)
    {
        await using (var c = await db.OpenConnectionAsync())
        {
            await c.ExecuteAsync("TRUNCATE supportbot.faq_variant_suggestions, supportbot.faq_queries, supportbot.knowledge_entries CASCADE");
        }

        // The sets' modules are not the bench database's: entries are the whole institution's here.
        await store.UpsertManyAsync([.. entries.Select(e => e with { Module = null })], CancellationToken.None);
    }

    /// <summary>
    /// <paramref name="users"/> ask the bot and answer it as <paramref name="learner"/> does, through the calls the chat
    /// turn makes (<c>FaqTurn</c>, <c>FaqFeedbackTurn</c>): the question logged, a pick recorded and logged as answered,
    /// "this helped" or "not quite" on an answer. What the store learned is counted from its suggestions.
    /// </summary>
    private static async Task<(int Learned, int Wrong)> TeachAsync(NpgsqlDataSource db, FaqMatcher matcher, FaqQueryLog log, IEnumerable<LabelledQuery> users, Learner learner)
    {
        var (unseen, wrongPicks) = (0, 0);
        foreach (var query in users)
        {
            var match = matcher.Match(query.Q);
            var id = await log.RecordAsync(new FaqQueryRecord(null, null, match.Language, query.Q, match.Outcome, match.EntryId, match.Score, match.Alternatives), CancellationToken.None);
            if (match.Outcome == MatchOutcome.Answered)
            {
                if (match.EntryId == query.Id)
                {
                    await log.RecordFeedbackAsync(id, helped: true, CancellationToken.None);
                }

                continue;
            }

            var chosen = match.Alternatives.Contains(query.Id) ? query.Id
                : learner.Careless && match.Alternatives.Count > 0 && unseen++ % 3 == 0 ? match.Alternatives[0]
                : null;
            if (chosen is null)
            {
                continue;
            }

            await log.RecordPickAsync(new FaqOfferedChoice(id, query.Q, match.Language, match.Alternatives), chosen, CancellationToken.None);
            var answered = await log.RecordAsync(new FaqQueryRecord(null, null, match.Language, query.Q, MatchOutcome.Answered, chosen, 1, []), CancellationToken.None);
            if (chosen != query.Id && learner.OwnUpEvery > 0 && wrongPicks++ % learner.OwnUpEvery == 0)
            {
                await log.RecordFeedbackAsync(answered, helped: false, CancellationToken.None);
            }
        }

        await using var c = await db.OpenConnectionAsync();
        var learned = (await c.QueryAsync<(string EntryId, string Text)>("SELECT entry_id, text FROM supportbot.faq_variant_suggestions WHERE status = 'learned'")).ToList();
        return (learned.Count, learned.Count(p => !users.Any(q => q.Id == p.EntryId && string.Equals(q.Q, p.Text, StringComparison.OrdinalIgnoreCase))));
    }

    private sealed record Learner(string Name, bool Careless, int OwnUpEvery);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts over scored messages: right (an answer with the right entry, or an abstention on an out-of-scope message), wrong answers, one-click.</summary>
    private readonly record struct Score(int Messages, int Right, int Answerable, int RightAnswers, int Wrong, int OneClick)
    {
        public static Score Of(FaqMatcher matcher, IEnumerable<LabelledQuery> queries)
        {
            var score = default(Score);
            foreach (var query in queries)
            {
                var match = matcher.Match(query.Q);
                var answeredRight = query.Id is not null && match.EntryId == query.Id;
                score += new Score(
                    1,
                    answeredRight || (query.Id is null && match.EntryId is null) ? 1 : 0,
                    query.Id is null ? 0 : 1,
                    answeredRight ? 1 : 0,
                    match.EntryId is not null && match.EntryId != query.Id ? 1 : 0,
                    answeredRight || (query.Id is not null && match.EntryId is null && match.Alternatives.Contains(query.Id)) ? 1 : 0);
            }

            return score;
        }

        public static Score operator +(Score a, Score b) => new(
            a.Messages + b.Messages, a.Right + b.Right, a.Answerable + b.Answerable, a.RightAnswers + b.RightAnswers, a.Wrong + b.Wrong, a.OneClick + b.OneClick);

        public override string ToString() => Invariant(
            $"{Percent(Right, Messages)} · {Percent(RightAnswers, Answerable)} · {Wrong} · {Percent(OneClick, Answerable)}");

        private static string Percent(int part, int whole) => whole == 0 ? "–" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture);
    }
}
