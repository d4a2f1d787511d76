using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Plain BM25 (k1 1.2, b 0.75) over each entry's question variants, the textbook baseline: words folded, stop
/// words dropped, each word indexed under its French and its English stem. No synonyms, no typo correction,
/// no answer text. It abstains below a score threshold.
/// </summary>
internal sealed class Bm25Baseline
{
    private const double K1 = 1.2;
    private const double B = 0.75;

    private readonly IReadOnlyList<KnowledgeEntry> entries;
    private readonly Dictionary<string, List<(int Entry, int Count)>> postings = new(StringComparer.Ordinal);
    private readonly int[] length;
    private readonly double averageLength;

    public Bm25Baseline(IReadOnlyList<KnowledgeEntry> entries)
    {
        this.entries = entries;
        length = new int[entries.Count];
        for (var e = 0; e < entries.Count; e++)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var (_, text) in entries[e].Questions.All())
            {
                foreach (var term in Terms(text))
                {
                    counts[term] = counts.GetValueOrDefault(term) + 1;
                    length[e]++;
                }
            }

            foreach (var (term, count) in counts)
            {
                if (!postings.TryGetValue(term, out var list))
                {
                    postings[term] = list = [];
                }

                list.Add((e, count));
            }
        }

        averageLength = Math.Max(1, length.Average());
    }

    /// <summary>The best entry and its score, or null when no entry shares a term with the query.</summary>
    public (string Id, double Score)? Top(string query)
    {
        var scores = new Dictionary<int, double>();
        foreach (var term in Terms(query).Distinct(StringComparer.Ordinal))
        {
            if (!postings.TryGetValue(term, out var list))
            {
                continue;
            }

            var idf = Math.Log(1 + ((entries.Count - list.Count + 0.5) / (list.Count + 0.5)));
            foreach (var (e, count) in list)
            {
                var tf = count * (K1 + 1) / (count + (K1 * (1 - B + (B * length[e] / averageLength))));
                scores[e] = scores.GetValueOrDefault(e) + (idf * tf);
            }
        }

        if (scores.Count == 0)
        {
            return null;
        }

        var best = scores.OrderByDescending(s => s.Value).ThenBy(s => s.Key).First();
        return (entries[best.Key].Id, best.Value);
    }

    private static IEnumerable<string> Terms(string text)
    {
        foreach (var word in FaqTextAnalyzer.FoldedWords(text))
        {
            if (FaqTextAnalyzer.IsStop(word))
            {
                continue;
            }

            var fr = FaqTextAnalyzer.Stem(word, FaqLanguages.French);
            var en = FaqTextAnalyzer.Stem(word, FaqLanguages.English);
            yield return fr;
            if (en != fr)
            {
                yield return en;
            }
        }
    }
}
