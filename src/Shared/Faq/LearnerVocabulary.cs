using System.Collections.Frozen;

namespace SupportBot.Shared.Faq;

/// <summary>
/// The vocabulary of online courses, French and English together, read from <c>learner-vocabulary.tsv</c> (its header
/// says what belongs there and how it was measured): every form of a concept becomes one term ("#password"), so "mdp",
/// "mot de passe" and "password" match each other whatever the language of the entry. Forms go through the same
/// analysis as the text (folding, stemming), so one inflection covers the others.
/// </summary>
internal static class LearnerVocabulary
{
    public const string ConceptPrefix = "#";

    private const string Resource = "SupportBot.Shared.Faq.learner-vocabulary.tsv";

    private static readonly Lazy<Readings> Built = new(Build);

    /// <summary>Forms claimed by two concepts: a mistake in the file, checked by a test.</summary>
    public static IReadOnlyList<string> Conflicts => Built.Value.Conflicts;

    /// <summary>Every word written in a form, for typo correction ("pasword" → "password").</summary>
    public static IReadOnlyCollection<string> Words => Built.Value.Words;

    /// <summary>Whether <paramref name="key"/> is a concept that qualifies a topic rather than naming one.</summary>
    public static bool IsQualifier(string key) => Built.Value.Qualifiers.Contains(key);

    /// <summary>Whether <paramref name="key"/> (a stem) takes part in some form in <paramref name="language"/>.</summary>
    public static bool IsKnownKey(string key, string language) => Built.Value.For(language).Keys.Contains(key);

    /// <summary>
    /// Replaces the longest forms found in <paramref name="tokens"/> by their concept and drops stop words;
    /// a concept made from a corrected word is marked corrected.
    /// </summary>
    public static void Apply(List<FaqToken> tokens, string language, List<FaqTerm> terms)
    {
        var i = 0;
        while (i < tokens.Count)
        {
            var matched = MatchAt(tokens, i, language, out var concept);
            if (matched > 0)
            {
                var corrected = false;
                for (var k = i; k < i + matched; k++)
                {
                    corrected |= tokens[k].IsCorrected;
                }

                terms.Add(new FaqTerm(concept, corrected));
            }
            else if (!tokens[i].IsStop)
            {
                terms.Add(new FaqTerm(tokens[i].Key, tokens[i].IsCorrected));
            }

            i += Math.Max(matched, 1);
        }
    }

    /// <summary>The longest form starting at token <paramref name="start"/>: its length in tokens and its concept; 0 when none.</summary>
    public static int MatchAt(List<FaqToken> tokens, int start, string language, out string concept)
    {
        var reading = Built.Value.For(language);
        var lookup = reading.Phrases.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[256];
        for (var length = Math.Min(reading.LongestPhrase, tokens.Count - start); length >= 1; length--)
        {
            if (Join(tokens, start, length, buffer) is { } written && lookup.TryGetValue(buffer[..written], out concept!))
            {
                return length;
            }
        }

        concept = "";
        return 0;
    }

    private static int? Join(List<FaqToken> tokens, int start, int length, Span<char> buffer)
    {
        var written = 0;
        for (var k = start; k < start + length; k++)
        {
            var key = tokens[k].Key;
            if (written + key.Length + 1 > buffer.Length)
            {
                return null;
            }

            if (k > start)
            {
                buffer[written++] = ' ';
            }

            key.CopyTo(buffer[written..]);
            written += key.Length;
        }

        return written;
    }

    /// <summary>
    /// The concepts of a vocabulary file: one a line, <c>name TAB kind TAB form | form ...</c>; blank lines and lines
    /// starting with '#' are skipped. A malformed line throws, naming it.
    /// </summary>
    public static IReadOnlyList<Concept> Parse(TextReader file)
    {
        var concepts = new List<Concept>();
        var number = 0;
        while (file.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line) || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            var forms = fields.Length == 3 ? fields[2].Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) : [];
            if (fields.Length != 3 || fields[0].Length == 0 || !fields[0].All(char.IsAsciiLetterOrDigit) || fields[1] is not ("topic" or "qualifier") || forms.Length == 0)
            {
                throw new FormatException(
                    $"learner vocabulary, line {number}: expected a concept name (letters and digits), a tab, \"topic\" or \"qualifier\", a tab, and forms separated by \"|\"; got \"{line}\"");
            }

            concepts.Add(new Concept(fields[0], fields[1] == "qualifier", forms));
        }

        return concepts;
    }

    private static Readings Build()
    {
        using var stream = typeof(LearnerVocabulary).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"{Resource} is not embedded in {typeof(LearnerVocabulary).Assembly.GetName().Name}");
        using var file = new StreamReader(stream);
        return Build(Parse(file));
    }

    private static Readings Build(IReadOnlyList<Concept> concepts)
    {
        var conflicts = new List<string>();
        var words = new HashSet<string>(StringComparer.Ordinal);
        var french = new Dictionary<string, string>(StringComparer.Ordinal);
        var english = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (concept, _, forms) in concepts)
        {
            foreach (var written in forms)
            {
                var (only, form) = written.StartsWith("fr:", StringComparison.Ordinal) ? (FaqLanguages.French, written[3..])
                    : written.StartsWith("en:", StringComparison.Ordinal) ? (FaqLanguages.English, written[3..])
                    : ((string?)null, written);
                words.UnionWith(FaqTextAnalyzer.FoldedWords(form).Where(w => !FaqTextAnalyzer.IsStop(w)));
                if (only != FaqLanguages.English)
                {
                    Add(french, FaqLanguages.French, concept, form, conflicts);
                }

                if (only != FaqLanguages.French)
                {
                    Add(english, FaqLanguages.English, concept, form, conflicts);
                }
            }
        }

        var qualifiers = concepts.Where(c => c.Qualifier).Select(c => ConceptPrefix + c.Name).ToFrozenSet(StringComparer.Ordinal);
        return new Readings(new Reading(french), new Reading(english), conflicts, words, qualifiers);
    }

    private static void Add(Dictionary<string, string> phrases, string language, string concept, string form, List<string> conflicts)
    {
        var tokens = new List<FaqToken>();
        FaqTextAnalyzer.Tokenize(form, language, tokens);
        if (tokens.Count == 0)
        {
            return;
        }

        var key = string.Join(' ', tokens.Select(t => t.Key));
        var term = ConceptPrefix + concept;
        if (phrases.TryGetValue(key, out var existing) && existing != term)
        {
            conflicts.Add($"{language} \"{form}\" (read \"{key}\") is both {existing} and {term}");
            return;
        }

        phrases[key] = term;
    }

    private sealed class Reading(Dictionary<string, string> phrases)
    {
        public Dictionary<string, string> Phrases { get; } = phrases;

        public int LongestPhrase { get; } = phrases.Keys.Select(k => k.Count(c => c == ' ') + 1).DefaultIfEmpty(0).Max();

        public FrozenSet<string> Keys { get; } = phrases.Keys.SelectMany(k => k.Split(' ')).ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>One line of the file: a concept, whether it qualifies a topic rather than naming one, and its forms.</summary>
    public sealed record Concept(string Name, bool Qualifier, IReadOnlyList<string> Forms);

    private sealed record Readings(Reading French, Reading English, IReadOnlyList<string> Conflicts, IReadOnlyCollection<string> Words, FrozenSet<string> Qualifiers)
    {
        public Reading For(string language) => language == FaqLanguages.English ? English : French;
    }
}

/// <summary>A term of analysed text: a stem or a concept; corrected when it comes from a typo fix.</summary>
internal readonly record struct FaqTerm(string Key, bool IsCorrected);
