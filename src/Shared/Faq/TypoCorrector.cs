namespace SupportBot.Shared.Faq;

/// <summary>
/// Finds the known word one edit away (insertion, deletion, substitution or swap of neighbours) from
/// a word of at least <see cref="MinLength"/> letters. Lookups go through an index of every known word
/// with one letter deleted, so a query costs a few dictionary probes, not a scan of the vocabulary.
/// Immutable after construction, so safe for concurrent reads.
/// </summary>
internal sealed class TypoCorrector
{
    /// <summary>Shorter words are too close to each other ("pas", "pdf") for a one-letter change to be a typo.</summary>
    public const int MinLength = 5;

    private readonly string[] words;
    private readonly int[] frequency;
    private readonly Dictionary<string, int> wordIds;
    private readonly Dictionary<string, int[]> byDeletion;

    /// <param name="wordCounts">Known words (folded) with how often they occur, to prefer the commoner of two candidates.</param>
    public TypoCorrector(IReadOnlyDictionary<string, int> wordCounts)
    {
        words = wordCounts.Keys.Where(w => w.Length >= MinLength - 1).Order(StringComparer.Ordinal).ToArray();
        frequency = words.Select(w => wordCounts[w]).ToArray();
        wordIds = new Dictionary<string, int>(words.Length, StringComparer.Ordinal);
        var deletions = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var id = 0; id < words.Length; id++)
        {
            wordIds[words[id]] = id;
            foreach (var deletion in Deletions(words[id]).Distinct())
            {
                if (!deletions.TryGetValue(deletion, out var ids))
                {
                    deletions[deletion] = ids = [];
                }

                ids.Add(id);
            }
        }

        byDeletion = deletions.ToDictionary(d => d.Key, d => d.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>The known word closest to <paramref name="word"/>, or null when none is one edit away (or it is known already).</summary>
    public string? Correct(string word)
    {
        if (word.Length < MinLength || wordIds.ContainsKey(word))
        {
            return null;
        }

        var best = -1;
        var deletionLookup = byDeletion.GetAlternateLookup<ReadOnlySpan<char>>();
        var wordLookup = wordIds.GetAlternateLookup<ReadOnlySpan<char>>();

        // A letter missing from the word: the word is a deletion of a known word.
        if (byDeletion.TryGetValue(word, out var longer))
        {
            foreach (var id in longer)
            {
                best = Better(best, id);
            }
        }

        Span<char> buffer = stackalloc char[word.Length];
        for (var skip = 0; skip < word.Length; skip++)
        {
            word.AsSpan(0, skip).CopyTo(buffer);
            word.AsSpan(skip + 1).CopyTo(buffer[skip..]);
            var deletion = buffer[..(word.Length - 1)];

            // A letter too many.
            if (wordLookup.TryGetValue(deletion, out var id))
            {
                best = Better(best, id);
            }

            // A letter replaced or two swapped: both lose one letter to the same string, which a distance check confirms.
            if (deletionLookup.TryGetValue(deletion, out var sameLength))
            {
                foreach (var candidate in sameLength)
                {
                    if (words[candidate].Length == word.Length && IsOneEditApart(word, words[candidate]))
                    {
                        best = Better(best, candidate);
                    }
                }
            }
        }

        return best < 0 ? null : words[best];
    }

    private int Better(int current, int candidate) =>
        current < 0 || frequency[candidate] > frequency[current] || (frequency[candidate] == frequency[current] && candidate < current)
            ? candidate
            : current;

    /// <summary>Same length: exactly one substitution, or one swap of neighbouring letters.</summary>
    private static bool IsOneEditApart(string a, string b)
    {
        var first = -1;
        var differences = 0;
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                if (differences++ == 0)
                {
                    first = i;
                }
            }
        }

        return differences == 1
            || (differences == 2 && first + 1 < a.Length && a[first] == b[first + 1] && a[first + 1] == b[first]);
    }

    private static IEnumerable<string> Deletions(string word)
    {
        for (var i = 0; i < word.Length; i++)
        {
            yield return string.Concat(word.AsSpan(0, i), word.AsSpan(i + 1));
        }
    }
}
