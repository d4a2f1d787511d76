using System.Globalization;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Accuracy of the matcher and of the two baselines on each evaluation set, printed as one markdown table.
/// Only aggregate figures are printed, never a question: blind sets stay blind while the matcher is tuned.
/// The matcher runs with its fixed, shipped settings; each baseline's abstention threshold (and ts_rank's
/// query form and normalisation) is the best for that very set, so the baselines' figures are optimistic.
/// </summary>
internal static class AccuracyReport
{
    /// <param name="embedder">When given, FaqMatcher runs as shipped (<c>Faq:Embeddings:Enabled</c>), after a row by words alone.</param>
    public static async Task PrintAsync(IReadOnlyList<EvaluationSet> sets, FullTextSearch? fts, SentenceEmbedder? embedder = null)
    {
        Console.WriteLine("| set | questions (answerable / out of scope) | method | overall | right answers | right abstentions | wrong answers (per 150) | one-click |");
        Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
        var byLanguage = new Dictionary<string, (List<LabelledQuery> Queries, List<Decision> Decisions)>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            if (embedder is not null)
            {
                var words = FaqMatcher.Build(set.Entries);
                Print(set, "FaqMatcher, words alone", Scores.Of(set.Queries, set.Queries.Select(q => words.Match(q.Q)).Select(m => new Decision(m.EntryId, m.Alternatives)).ToList()));
            }

            var build = System.Diagnostics.Stopwatch.StartNew();
            var matcher = FaqMatcher.Build(set.Entries, embedder: embedder);
            await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{set.Name}: matcher built in {build.Elapsed.TotalMilliseconds:F0} ms ({set.Entries.Count} entries)"));
            var ours = set.Queries.Select(q => matcher.Match(q.Q)).Select(m => new Decision(m.EntryId, m.Alternatives)).ToList();
            Print(set, embedder is null ? "FaqMatcher, words alone" : "FaqMatcher as shipped (words and meanings)", Scores.Of(set.Queries, ours));
            if (set.Name.StartsWith("blind", StringComparison.Ordinal))
            {
                for (var i = 0; i < set.Queries.Count; i++)
                {
                    var language = FaqTextAnalyzer.DetectLanguage(set.Queries[i].Q) ?? "undecided";
                    var (q, d) = byLanguage.TryGetValue(language, out var lists) ? lists : byLanguage[language] = ([], []);
                    q.Add(set.Queries[i]);
                    d.Add(ours[i]);
                }
            }

            var outOfScope = set.Queries.Select((q, i) => (q, ours[i])).Where(x => x.q.Id is null).ToList();
            await Console.Error.WriteLineAsync($"{set.Name}: did-you-mean buttons on {outOfScope.Count(x => x.Item2.Buttons.Count > 0)} of {outOfScope.Count} out-of-scope questions");
            if (Environment.GetEnvironmentVariable("FAQ_DUMP") is { } dump && !set.Name.StartsWith("blind", StringComparison.Ordinal))
            {
                File.WriteAllLines(Path.Combine(dump, set.Name.Replace(' ', '_') + ".tsv"), set.Queries.Select(q =>
                {
                    var x = matcher.Explain(q.Q);
                    return string.Join('\t', q.Id ?? "-", x.Count > 0 ? x[0].Id : "-", x.Count > 0 ? x[0].Score.ToString(CultureInfo.InvariantCulture) : "0", x.Count > 1 ? x[1].Id : "-", x.Count > 1 ? x[1].Score.ToString(CultureInfo.InvariantCulture) : "0", q.Q.Replace('\t', ' '));
                }));
            }

            var bm25 = new Bm25Baseline(set.Entries);
            Print(set, "BM25 (threshold best on this set)", BestThreshold(set.Queries, set.Queries.Select(q => bm25.Top(q.Q)).ToList()));

            if (fts is not null)
            {
                await fts.LoadAsync(set.Entries);
                var calibration = await fts.CalibrateAsync(set.Queries);
                var tops = new List<(string Id, double Score)?>();
                foreach (var q in set.Queries)
                {
                    tops.Add(await fts.TopAsync(q.Q, calibration) is { } t ? (t.Id, t.Rank) : null);
                }

                Print(set, "ts_rank (form, normalisation, threshold best on this set)", BestThreshold(set.Queries, tops));
            }
        }

        foreach (var (language, (q, d)) in byLanguage.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            // The language the matcher reads a message in (its grammar words), so one can see where meaning falls short.
            Print(new EvaluationSet($"every blind set, messages read as {language}", [], q), "FaqMatcher as shipped", Scores.Of(q, d));
        }

        Console.WriteLine();
    }

    /// <summary>The baseline's scores at the abstention threshold that maximises its overall accuracy on these very queries.</summary>
    private static Scores BestThreshold(IReadOnlyList<LabelledQuery> queries, IReadOnlyList<(string Id, double Score)?> tops)
    {
        Scores? best = null;
        foreach (var threshold in tops.Where(t => t is not null).Select(t => t!.Value.Score).Append(double.MaxValue).Distinct())
        {
            var decisions = tops.Select(t => new Decision(t is { } x && x.Score >= threshold ? x.Id : null, [])).ToList();
            var scores = Scores.Of(queries, decisions);
            if (best is null || scores.Overall > best.Overall)
            {
                best = scores;
            }
        }

        return best!;
    }

    private static void Print(EvaluationSet set, string method, Scores s) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {set.Name} | {s.Total} ({s.Answerable} / {s.OutOfScope}) | {method} | {s.Overall:P1} | {s.RightShare:P1} | {s.AbstainedShare:P1} | {s.Wrong} ({s.WrongPer150:F1}) | {s.OneClickShare:P1} |"));
}
