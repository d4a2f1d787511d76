using System.Collections.Frozen;
using System.Text;
using SupportBot.Shared.Text;

namespace SupportBot.Shared.Faq;

/// <summary>
/// General word knowledge from the MyThes thesauri LibreOffice ships (Debian packages <c>mythes-en-us</c>,
/// WordNet-derived, and <c>mythes-fr</c>; MPL-2.0 / LGPL, installed by <c>sb_ensure_faq_thesauri</c> in <c>scripts/lib.sh</c>, which
/// <c>run.sh</c>, <c>./test.sh</c> and <c>bench/run-faq.sh</c> call).
/// It gives the single-word synonyms of a word, folded like the matcher's text, so a knowledge base written
/// with "suspend" is also found by "pause". Nothing here is tuned to a course: whatever is course-specific
/// belongs in the knowledge base itself.
/// <para>
/// The <c>.idx</c> file maps each headword to its offset in the <c>.dat</c> file, where one line
/// "word|number of senses" is followed by that many lines "(part of speech)|synonym|synonym...". In the
/// English file a synonym may be marked "(generic term)", "(similar term)", "(related term)" or
/// "(antonym)": only unmarked ones, the same WordNet sense, are kept. When the files are missing the
/// thesaurus is empty and the matcher works on the knowledge base's own words alone.
/// </para>
/// </summary>
internal sealed class Thesaurus
{
    /// <summary>Where Debian installs the MyThes files.</summary>
    public const string DefaultFolder = "/usr/share/mythes";

    // Past this many senses a headword is too vague ("get", "run", "prendre") for its synonyms to help.
    private const int MaxSenses = 6;

    private static readonly Lazy<Thesaurus> LazyDefault = new(() => Load(DefaultFolder));

    private readonly FrozenDictionary<string, string[]> french;
    private readonly FrozenDictionary<string, string[]> english;
    private readonly FrozenSet<string> frenchWords;
    private readonly FrozenSet<string> englishWords;

    private Thesaurus((FrozenDictionary<string, string[]> Synonyms, FrozenSet<string> Words) french, (FrozenDictionary<string, string[]> Synonyms, FrozenSet<string> Words) english)
    {
        (this.french, frenchWords) = french;
        (this.english, englishWords) = english;
    }

    public static Thesaurus Default => LazyDefault.Value;

    public static Thesaurus Empty { get; } = new((FrozenDictionary<string, string[]>.Empty, FrozenSet<string>.Empty), (FrozenDictionary<string, string[]>.Empty, FrozenSet<string>.Empty));

    public bool IsEmpty => french.Count == 0 && english.Count == 0;

    /// <summary>The folded single-word synonyms of a folded word in that language; empty when it is not a headword.</summary>
    public IReadOnlyList<string> Synonyms(string word, string language) =>
        (language == FaqLanguages.English ? english : french).TryGetValue(word, out var synonyms) ? synonyms : [];

    /// <summary>Whether the folded word is a headword of that language's thesaurus: a word of the language, as far as it knows.</summary>
    public bool IsWord(string word, string language) => (language == FaqLanguages.English ? englishWords : frenchWords).Contains(word);

    public static Thesaurus Load(string folder) => new(
        Read(Path.Combine(folder, "thes_fr.dat"), markedAreKept: true),
        Read(Path.Combine(folder, "th_en_US_v2.dat"), markedAreKept: false));

    private static (FrozenDictionary<string, string[]> Synonyms, FrozenSet<string> Words) Read(string path, bool markedAreKept)
    {
        if (!File.Exists(path))
        {
            return (FrozenDictionary<string, string[]>.Empty, FrozenSet<string>.Empty);
        }

        var result = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var words = new HashSet<string>(StringComparer.Ordinal);
        using var reader = new StreamReader(path, Encoding.UTF8);
        _ = reader.ReadLine(); // the encoding, UTF-8 in both Debian files
        while (reader.ReadLine() is { } head)
        {
            var bar = head.LastIndexOf('|');
            if (bar < 0 || !int.TryParse(head.AsSpan(bar + 1), out var senses))
            {
                continue;
            }

            var headWord = SingleFoldedWord(head[..bar]);
            if (headWord is not null)
            {
                words.Add(headWord);
            }

            var synonyms = new HashSet<string>(StringComparer.Ordinal);
            for (var s = 0; s < senses && reader.ReadLine() is { } line; s++)
            {
                if (headWord is null || senses > MaxSenses)
                {
                    continue;
                }

                foreach (var item in line.Split('|').Skip(1))
                {
                    if (!markedAreKept && item.EndsWith(')'))
                    {
                        continue;
                    }

                    if (SingleFoldedWord(item) is { } synonym && synonym != headWord)
                    {
                        synonyms.Add(synonym);
                    }
                }
            }

            if (headWord is not null && synonyms.Count > 0)
            {
                if (!result.TryGetValue(headWord, out var known))
                {
                    result[headWord] = known = new HashSet<string>(StringComparer.Ordinal);
                }

                known.UnionWith(synonyms);
            }
        }

        return (result.ToFrozenDictionary(r => r.Key, r => r.Value.ToArray(), StringComparer.Ordinal), words.ToFrozenSet(StringComparer.Ordinal));
    }

    /// <summary>
    /// The word lower-cased without accents, as <see cref="FaqTextAnalyzer.FoldedWords"/> gives it; null for an
    /// expression or a stop word. Done by hand: running Lucene's chain on every item of the files takes seconds.
    /// </summary>
    private static string? SingleFoldedWord(string text)
    {
        var word = Accents.Fold(text.Trim());
        return word.Length > 0 && word.All(char.IsLetter) && !FaqTextAnalyzer.IsStop(word) && word.All(char.IsAscii) ? word : null;
    }
}
