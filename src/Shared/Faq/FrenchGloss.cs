using System.Collections.Frozen;
using System.IO.Compression;
using System.Text;
using SupportBot.Shared.Text;

namespace SupportBot.Shared.Faq;

/// <summary>
/// A word-by-word English gloss of French text, so the English-first sentence model (<see cref="SentenceEmbedder"/>)
/// can read a French learner's message: "j'arrive pas à me connecter depuis hier" reads "not login since yesterday".
/// Learner vocabulary first (<see cref="LearnerVocabulary"/>'s concepts: "mdp" is "password", "visio" "video
/// conference"), then FreeDict's French-English dictionary (Debian package <c>dict-freedict-fra-eng</c>, GPL-2.0+,
/// read at run time from <c>/usr/share/dictd</c>, never copied into the repository; installed by
/// <c>sb_ensure_faq_thesauri</c> in <c>scripts/lib.sh</c>): its multiword headwords when the text has them, else
/// each word's headword, found through its inflections ("connectée" finds "connecter", "perdu" "perdre"), read as
/// its first sense's first translation. A word neither knows stays as typed without accents: names and
/// international words ("zoom", "moodle", "video") read the same in English. Grammar words are dropped, except
/// the few that carry the question's meaning (negation, question words). When the files are missing the gloss is
/// empty and callers read the French text itself.
/// </summary>
internal sealed class FrenchGloss
{
    /// <summary>Where Debian installs FreeDict's French-English dictionary (dictd format: an index and a dictzip file).</summary>
    public const string DefaultPath = "/usr/share/dictd/freedict-fra-eng";

    private const string Base64Digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // Grammar words that change what a question asks; every other stop word is dropped.
    private static readonly FrozenDictionary<string, string> FunctionWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["pas"] = "not", ["jamais"] = "never", ["rien"] = "nothing", ["aucun"] = "no", ["aucune"] = "no",
        ["sans"] = "without", ["avec"] = "with", ["comment"] = "how", ["pourquoi"] = "why", ["quand"] = "when",
        ["combien"] = "how many", ["quel"] = "which", ["quelle"] = "which", ["quels"] = "which", ["quelles"] = "which",
        ["qui"] = "who", ["peux"] = "can", ["peut"] = "can", ["pouvez"] = "can", ["dois"] = "must", ["doit"] = "must",
        ["faut"] = "must", ["depuis"] = "since", ["avant"] = "before", ["apres"] = "after", ["encore"] = "again",
        ["impossible"] = "cannot", ["besoin"] = "need",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // The concepts of LearnerVocabulary whose names are not plain English words.
    private static readonly FrozenDictionary<string, string> ConceptWords = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["blankscreen"] = "black screen", ["answerkey"] = "answer key", ["videoconference"] = "video conference",
        ["timezone"] = "time zone", ["works"] = "work", ["howmany"] = "how many", ["personaldata"] = "personal data",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    // Inflected endings and the lemma endings to try for them, longest first: "connectee" → "connecter", "perdu" → "perdre".
    private static readonly (string Ending, string[] Lemmas)[] Inflections =
    [
        ("erions", ["er"]), ("eriez", ["er"]), ("erais", ["er"]), ("erait", ["er"]), ("eront", ["er"]), ("issons", ["ir"]),
        ("issent", ["ir"]), ("issez", ["ir"]), ("ions", ["er", "re", "ir"]), ("iez", ["er", "re", "ir"]),
        ("ees", ["er"]), ("nds", ["ndre"]), ("nd", ["ndre"]), ("ais", ["er", "re", "ir"]), ("ait", ["er", "re", "ir"]), ("ant", ["er", "re", "ir"]), ("ons", ["er", "re", "ir"]),
        ("ent", ["er", "re", "ir"]), ("ez", ["er"]), ("ee", ["er"]), ("es", ["er", "e", ""]), ("ue", ["re", "oir"]),
        ("us", ["re", "oir"]), ("ie", ["ir"]), ("is", ["ir", "re"]), ("it", ["ir", "re"]), ("e", ["er", ""]), ("u", ["re", "oir"]),
        ("i", ["ir"]), ("s", [""]), ("x", [""]),
    ];

    private static readonly Lazy<FrenchGloss> LazyDefault = new(() => Load(DefaultPath));

    private readonly FrozenDictionary<string, string> translations;
    private readonly FrozenDictionary<string, string> byStem;
    private readonly int longestPhrase;

    private FrenchGloss(Dictionary<string, string> translations)
    {
        this.translations = translations.ToFrozenDictionary(StringComparer.Ordinal);

        // A word whose exact lemma the endings do not reach may share its stem with one: the first headword wins.
        var stems = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (word, english) in translations.Where(t => !t.Key.Contains(' ', StringComparison.Ordinal)).OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            stems.TryAdd(FaqTextAnalyzer.Stem(word, FaqLanguages.French), english);
        }

        byStem = stems.ToFrozenDictionary(StringComparer.Ordinal);
        longestPhrase = translations.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
    }

    public static FrenchGloss Default => LazyDefault.Value;

    public static FrenchGloss Empty { get; } = new(new Dictionary<string, string>(StringComparer.Ordinal));

    /// <summary>Whether a dictionary was found: without one there is no gloss.</summary>
    public bool IsEmpty => translations.Count == 0;

    /// <summary>How many headwords the dictionary gave (diagnostics and tests).</summary>
    public int Headwords => translations.Count;

    /// <summary>The English gloss of French text; empty when there is no dictionary.</summary>
    public string Gloss(string text)
    {
        if (IsEmpty)
        {
            return "";
        }

        var words = FaqTextAnalyzer.FoldedWords(text);
        var tokens = words.Select(w => FaqTextAnalyzer.ToToken(w, FaqLanguages.French)).ToList();
        var gloss = new List<string>();
        var i = 0;
        while (i < words.Count)
        {
            var length = LearnerVocabulary.MatchAt(tokens, i, FaqLanguages.French, out var concept);
            if (length > 0)
            {
                var name = concept[LearnerVocabulary.ConceptPrefix.Length..];
                gloss.Add(ConceptWords.TryGetValue(name, out var english) ? english : name);
                i += length;
                continue;
            }

            length = Phrase(words, i, out var phrase);
            if (length > 0)
            {
                gloss.Add(phrase);
                i += length;
                continue;
            }

            var word = words[i++];
            if (FunctionWords.TryGetValue(word, out var function))
            {
                gloss.Add(function);
            }
            else if (!FaqTextAnalyzer.IsStop(word))
            {
                gloss.Add(Word(word) ?? word);
            }
        }

        return string.Join(' ', gloss);
    }

    /// <summary>The translation of one folded word, through its lemma or stem; null when the dictionary does not know it.</summary>
    public string? Word(string word)
    {
        if (translations.TryGetValue(word, out var english))
        {
            return english;
        }

        foreach (var (ending, lemmas) in Inflections)
        {
            if (word.Length <= ending.Length + 2 || !word.EndsWith(ending, StringComparison.Ordinal))
            {
                continue;
            }

            foreach (var lemma in lemmas)
            {
                if (translations.TryGetValue(string.Concat(word.AsSpan(0, word.Length - ending.Length), lemma), out english))
                {
                    return english;
                }
            }
        }

        return byStem.TryGetValue(FaqTextAnalyzer.Stem(word, FaqLanguages.French), out english) ? english : null;
    }

    /// <summary>The longest multiword headword starting at <paramref name="start"/>; its length in words, 0 when none.</summary>
    private int Phrase(List<string> words, int start, out string english)
    {
        for (var length = Math.Min(longestPhrase, words.Count - start); length >= 2; length--)
        {
            if (translations.TryGetValue(string.Join(' ', words.Skip(start).Take(length)), out english!))
            {
                return length;
            }
        }

        english = "";
        return 0;
    }

    /// <summary>Reads a dictd dictionary: <paramref name="path"/>.index and <paramref name="path"/>.dict.dz (or .dict).</summary>
    public static FrenchGloss Load(string path)
    {
        var index = path + ".index";
        var data = File.Exists(path + ".dict.dz") ? path + ".dict.dz" : path + ".dict";
        if (!File.Exists(index) || !File.Exists(data))
        {
            return Empty;
        }

        byte[] body;
        using (var file = File.OpenRead(data))
        using (var plain = new MemoryStream())
        {
            // dictzip is gzip with a chunk table in its extra field: a plain gzip reader reads it whole.
            using (var stream = data.EndsWith(".dz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file)
            {
                stream.CopyTo(plain);
            }

            body = plain.ToArray();
        }

        var translations = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(index, Encoding.UTF8))
        {
            var fields = line.Split('\t');
            if (fields.Length < 3 || fields[0].StartsWith("00database", StringComparison.Ordinal)
                || Number(fields[1]) is not { } offset || Number(fields[2]) is not { } length || offset + length > body.Length)
            {
                continue;
            }

            var key = string.Join(' ', FaqTextAnalyzer.FoldedWords(fields[0]));
            if (key.Length > 0 && !translations.ContainsKey(key) && First(Encoding.UTF8.GetString(body, (int)offset, (int)length)) is { } english)
            {
                translations[key] = english;
            }
        }

        return new FrenchGloss(translations);
    }

    /// <summary>
    /// The first translation of an entry's first sense. An entry is its headword line ("connecter /kɔnɛkte/ &lt;v&gt;")
    /// then one line per sense, numbered ("1. have to, must") or not, translations separated by commas.
    /// </summary>
    private static string? First(string entry)
    {
        foreach (var line in entry.Split('\n').Skip(1))
        {
            var sense = line.Trim();
            var dot = sense.IndexOf(". ", StringComparison.Ordinal);
            if (dot > 0 && sense[..dot].All(char.IsDigit))
            {
                sense = sense[(dot + 2)..];
            }

            var first = sense.Split(',')[0].Trim();
            if (first.Length > 0)
            {
                return Accents.Fold(first);
            }
        }

        return null;
    }

    /// <summary>A dictd number: base 64, most significant digit first.</summary>
    private static long? Number(string digits)
    {
        long value = 0;
        foreach (var c in digits)
        {
            var digit = Base64Digits.IndexOf(c, StringComparison.Ordinal);
            if (digit < 0)
            {
                return null;
            }

            value = (value * 64) + digit;
        }

        return value;
    }
}
