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
}
