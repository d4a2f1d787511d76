namespace SupportBot.Shared.Faq;

/// <summary>A question the matcher did not answer, in the learner's language ("fr" or "en").</summary>
public sealed record FaqMiss(string Language, string Query);

/// <summary>
/// Questions asked about the same thing: <see cref="Label"/> is the most central phrasing,
/// <see cref="Queries"/> the distinct phrasings (most asked first), <see cref="Size"/> how many
/// times any of them was asked.
/// </summary>
public sealed record FaqMissCluster(string Language, string Label, IReadOnlyList<string> Queries, int Size);

/// <summary>
/// Groups unanswered questions so a tutor sees "12 learners asked about the campus wifi" instead of
/// 12 lines. Pure: each question becomes the set of terms the matcher sees (stems and synonym
/// concepts, so "mdp" and "mot de passe" are one term), and questions join greedily, most asked
/// first, the cluster whose members they share the most terms with on average (Jaccard), if that
/// reaches <see cref="FaqMissClusterOptions.MinSimilarity"/>. Averaging over members rather than
/// taking the closest one keeps a chain of small overlaps from gluing unrelated questions together.
/// </summary>
public static class FaqMissClusterer
{
    public static IReadOnlyList<FaqMissCluster> Cluster(IEnumerable<FaqMiss> misses, FaqMissClusterOptions? options = null)
    {
        options ??= FaqMissClusterOptions.Default;
        var clusters = new List<FaqMissCluster>();
        foreach (var language in misses.GroupBy(m => FaqLanguages.Normalize(m.Language) ?? FaqLanguages.French))
        {
            clusters.AddRange(ClusterLanguage(language.Key, language, options));
        }

        return clusters
            .OrderByDescending(c => c.Size)
            .ThenBy(c => c.Language, StringComparer.Ordinal)
            .ThenBy(c => c.Label, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The terms the matcher would see in <paramref name="text"/> read in <paramref name="language"/>.</summary>
    internal static HashSet<string> Terms(string text, string language)
    {
        var tokens = new List<FaqToken>();
        var terms = new List<FaqTerm>();
        FaqTextAnalyzer.Tokenize(FaqMatcher.Content(text), language, tokens);
        LearnerVocabulary.Apply(tokens, language, terms);
        return terms.Select(t => t.Key).ToHashSet(StringComparer.Ordinal);
    }

    internal static double Jaccard(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return 0;
        }

        var shared = a.Count(b.Contains);
        return (double)shared / (a.Count + b.Count - shared);
    }

    private static IEnumerable<FaqMissCluster> ClusterLanguage(string language, IEnumerable<FaqMiss> misses, FaqMissClusterOptions options)
    {
        // The same phrasing asked twice is one point with a weight; casing and spacing do not make a new phrasing.
        var phrasings = misses
            .Select(m => m.Query.Trim())
            .Where(q => q.Length > 0)
            .GroupBy(q => string.Join(' ', q.ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparer.Ordinal)
            .Select(g => new Phrasing(g.GroupBy(q => q, StringComparer.Ordinal).OrderByDescending(x => x.Count()).First().Key, g.Count(), Terms(g.Key, language)))
            .Where(p => p.Terms.Count > 0)
            .OrderByDescending(p => p.Count)
            .ThenBy(p => p.Text, StringComparer.Ordinal)
            .Take(options.MaxPhrasings)
            .ToList();

        var groups = new List<List<Phrasing>>();
        foreach (var phrasing in phrasings)
        {
            List<Phrasing>? best = null;
            var bestSimilarity = 0.0;
            foreach (var group in groups)
            {
                var similarity = group.Average(member => Jaccard(member.Terms, phrasing.Terms));
                if (similarity > bestSimilarity)
                {
                    (best, bestSimilarity) = (group, similarity);
                }
            }

            if (best is not null && bestSimilarity >= options.MinSimilarity)
            {
                best.Add(phrasing);
            }
            else
            {
                groups.Add([phrasing]);
            }
        }

        foreach (var group in groups)
        {
            var size = group.Sum(p => p.Count);
            if (size < options.MinSize)
            {
                continue;
            }

            yield return new FaqMissCluster(language, Central(group).Text, group.Select(p => p.Text).ToList(), size);
        }
    }

    /// <summary>The phrasing closest to all the others, weighted by how often each was asked; ties go to the most asked, then the shortest.</summary>
    private static Phrasing Central(List<Phrasing> group) =>
        group
            .OrderByDescending(p => group.Sum(other => other.Count * (ReferenceEquals(other, p) ? 1 : Jaccard(p.Terms, other.Terms))))
            .ThenByDescending(p => p.Count)
            .ThenBy(p => p.Text.Length)
            .ThenBy(p => p.Text, StringComparer.Ordinal)
            .First();

    private sealed record Phrasing(string Text, int Count, HashSet<string> Terms);
}

/// <summary>
/// <see cref="MinSimilarity"/>: the average Jaccard similarity of term sets a question needs with a
/// cluster's members to join it (0.5: "écart type formule" joins "calculer un écart type", "wifi de
/// la bibliothèque" does not join "wifi du campus"). <see cref="MinSize"/>: how many times a topic
/// must have been asked to be shown. <see cref="MaxPhrasings"/> bounds the quadratic work per language.
/// </summary>
public sealed record FaqMissClusterOptions(double MinSimilarity, int MinSize, int MaxPhrasings)
{
    public static FaqMissClusterOptions Default { get; } = new(0.5, 2, 5000);
}
