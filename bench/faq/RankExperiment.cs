using System.Globalization;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Issue #16, which blend ranks the right entry first: for each share of the words score (the rest is closeness in
/// meaning, optionally mixed with the second model's), how many answerable messages of the institution sets get their
/// entry as the blend's first. The matcher's candidate answer and its buttons rank by this blend
/// (<c>FaqMatcher.LexicalShare</c>). Prints aggregate counts only.
/// </summary>
internal static class RankExperiment
{
    public static void Run(IReadOnlyList<EvaluationSet> sets, SentenceEmbedder embedder, IReadOnlyDictionary<string, string> options)
    {
        if (options.ContainsKey("rank-cover"))
        {
            RunCover(sets, embedder, options);
            return;
        }

        var skipped = DecisionModel.Skipped(options);
        var messages = new List<(bool French, int Expected, double[] Words, double[] First, double[] Second)>();
        foreach (var set in sets.Where(s => s.Name.StartsWith("blind", StringComparison.Ordinal) && !skipped.Contains(s.Name)))
        {
            var matcher = FaqMatcher.Build(set.Entries, embedder: embedder);
            var index = set.Entries.Select((e, i) => (e.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            foreach (var query in set.Queries.Where(q => q.Id is not null && index.ContainsKey(q.Id)))
            {
                var (words, first, second, language) = matcher.RankingParts(query.Q);
                messages.Add((language == FaqLanguages.French, index[query.Id!], words, first, second));
            }
        }

        Console.WriteLine($"Entry ranked first, of {messages.Count} answerable messages ({messages.Count(m => m.French)} read as French):");
        Console.WriteLine();
        Console.WriteLine("| words share | second model's share of meaning | right first | French | English |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: |");
        foreach (var words in new[] { 0.0, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 1.0 })
        {
            foreach (var second in new[] { 0.0, 0.2 })
            {
                var right = messages.Where(m => First(m, words, second) == m.Expected).ToList();
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {words:F2} | {second:F1} | {right.Count} | {right.Count(m => m.French)} | {right.Count(m => !m.French)} |"));
            }
        }
    }

    private static int First((bool French, int Expected, double[] Words, double[] First, double[] Second) m, double words, double second)
    {
        var (best, bestScore) = (0, double.MinValue);
        for (var e = 0; e < m.Words.Length; e++)
        {
            var score = (words * m.Words[e]) + ((1 - words) * (((1 - second) * m.First[e]) + (second * m.Second[e])));
            (best, bestScore) = score > bestScore ? (e, score) : (best, bestScore);
        }

        return best;
    }

    private const int Reranked = 9;

    /// <summary>
    /// Whether the words in context (<see cref="ContextualWords"/>) put the right entry first more often than the blend
    /// alone: the blend's first nine re-ranked by blend + beta x coverage. Fitted sets: a sweep; skipped (judging) sets:
    /// only the beta given with --rank-beta.
    /// </summary>
    private static void RunCover(IReadOnlyList<EvaluationSet> sets, SentenceEmbedder embedder, IReadOnlyDictionary<string, string> options)
    {
        var skipped = DecisionModel.Skipped(options);
        var beta = options.TryGetValue("rank-beta", out var b) ? double.Parse(b, CultureInfo.InvariantCulture) : double.NaN;
        var fitted = new List<Reranking>();
        var judging = new List<Reranking>();
        foreach (var set in sets.Where(s => s.Name.StartsWith("blind", StringComparison.Ordinal)))
        {
            var judge = skipped.Contains(set.Name);
            if (judge && double.IsNaN(beta))
            {
                continue;
            }

            var matcher = FaqMatcher.Build(set.Entries, embedder: embedder);
            var index = set.Entries.Select((e, i) => (e.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
            foreach (var query in set.Queries.Where(q => q.Id is not null && index.ContainsKey(q.Id)))
            {
                var (words, first, _, language) = matcher.RankingParts(query.Q);
                var blend = words.Select((w, e) => (0.3 * w) + (0.7 * first[e])).ToArray();
                var top = Enumerable.Range(0, blend.Length).OrderByDescending(e => blend[e]).Take(Reranked).ToArray();
                var cover = matcher.CoverageOf(query.Q, top);
                (judge ? judging : fitted).Add(new Reranking(language == FaqLanguages.French, index[query.Id!], top, [.. top.Select(e => blend[e])],
                    cover ?? [.. top.Select(_ => EntryCovering.Full)]));
            }
        }

        double[] sweep = options.TryGetValue("rank-betas", out var list)
            ? [.. list.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture))]
            : [0, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0];
        Report("fitted sets", fitted, double.IsNaN(beta) ? sweep : [0, beta]);
        if (judging.Count > 0)
        {
            Report("judging sets", judging, [0, beta]);
        }
    }

    private static void Report(string title, List<Reranking> messages, double[] betas)
    {
        Console.WriteLine($"{title}: {messages.Count} answerable messages, right entry among the blend's first {Reranked}: {messages.Count(m => m.Top.Contains(m.Expected))}");
        Console.WriteLine();
        Console.WriteLine("| beta | mean | quartile | best question | questions | mean+quartile | mean, among the first two |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var beta in betas)
        {
            int Right(Func<EntryCovering, double> measure) => messages.Count(m =>
                m.Top[Enumerable.Range(0, m.Top.Length).MaxBy(k => m.Blend[k] + (beta * measure(m.Cover[k])))] == m.Expected);
            var firstTwo = messages.Count(m => Enumerable.Range(0, m.Top.Length).OrderByDescending(k => m.Blend[k] + (beta * m.Cover[k].Mean)).Take(2).Any(k => m.Top[k] == m.Expected));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {beta:F2} | {Right(c => c.Mean)} | {Right(c => c.Quartile)} | {Right(c => c.BestQuestion)} | {Right(c => c.Questions)} | {Right(c => (c.Mean + c.Quartile) / 2)} | {firstTwo} |"));
        }

        Console.WriteLine();
    }

    private sealed record Reranking(bool French, int Expected, int[] Top, double[] Blend, EntryCovering[] Cover);
}
