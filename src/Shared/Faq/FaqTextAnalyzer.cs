using System.Collections.Frozen;
using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Fr;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Snowball;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Analysis.Util;
using Lucene.Net.Util;

namespace SupportBot.Shared.Faq;

/// <summary>One word of a text: as written (lower case, accents folded) and as matched (stem, or the word itself for a stop word).</summary>
internal readonly record struct FaqToken(string Surface, string Key, bool IsStop, bool IsCorrected = false);

/// <summary>
/// Turns text into tokens with Lucene's analysis chain: Unicode word splitting, English possessives,
/// lower case, French elision (l', d', qu'...), accent folding, then the French light or Porter stemmer.
/// The same chain runs on the knowledge base and on queries, so whatever folding it does is symmetric.
/// Lucene analyzers keep their components per thread, so every method here is safe to call concurrently.
/// </summary>
internal static partial class FaqTextAnalyzer
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;

    // Stems are taken from folded words: learners often type without accents, and stemming after
    // folding gives "telecharger" and "télécharger" the same stem.
    private static readonly Analyzer Words = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new EnglishPossessiveFilter(Version, tokenizer);
        stream = new LowerCaseFilter(Version, stream);
        stream = new ElisionFilter(stream, FrenchAnalyzer.DEFAULT_ARTICLES);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    });

    private static readonly Analyzer FrenchStemmer = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new KeywordTokenizer(reader);
        return new TokenStreamComponents(tokenizer, new FrenchLightStemFilter(tokenizer));
    });

    private static readonly Analyzer EnglishStemmer = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new KeywordTokenizer(reader);
        return new TokenStreamComponents(tokenizer, new PorterStemFilter(tokenizer));
    });

    // What learners add around a question in chat: greetings, politeness, modal verbs, question words.
    // Lucene's lists cover grammar words only.
    // Every message to a support bot is a question: the word itself names no topic.
    private static readonly string[] MetaWords = ["question", "questions"];

    private static readonly string[] ExtraFrenchStops =
    [
        "bonjour", "bonsoir", "salut", "coucou", "merci", "svp", "stp", "comment", "quoi", "quand", "pourquoi",
        "peux", "peut", "puis", "pouvez", "pourrais", "pourriez", "pourrait", "pouvoir", "faut", "faire", "fais", "fait",
        "faites", "veux", "veut", "voudrais", "voudrait", "voulez", "souhaite", "souhaiterais", "aimerais", "besoin",
        "dois", "doit", "alors", "donc", "aussi", "encore", "tres", "trop", "bien", "tout", "tous", "toute", "toutes",
        "ca", "ya", "chez", "depuis", "avant", "apres", "pendant", "vers", "entre", "plus", "moins", "plusieurs",
        "quelqu'un", "quelque", "quelques", "chose", "truc", "impossible", "arrive", "arrives", "arrivent", "arriver",
        "etc", "oui", "non", "ok", "aujourd'hui", "hui", "deja", "jamais", "toujours", "utiliser", "utilise", "maintenant",
    ];

    private static readonly string[] ExtraEnglishStops =
    [
        "hi", "hello", "hey", "dear", "thanks", "thank", "thx", "please", "pls", "plz", "ok", "okay", "can", "could",
        "will", "shall", "may", "might", "must", "get", "gets", "got", "getting", "want", "wants", "wanted", "need",
        "needs", "needed", "like", "know", "tell", "anyone", "someone", "somebody", "anybody", "also", "just", "still",
        "yet", "really", "cant", "dont", "doesnt", "didnt", "wont", "isnt", "arent", "im", "ive", "unable", "able",
        "possible", "many", "much", "today", "already", "never", "always", "yes", "use", "using", "now", "anymore", "again",
    ];

    private static readonly FrozenSet<string> FrenchStops = Fold(FrenchAnalyzer.DefaultStopSet.Select(w => w.ToString()).Concat(ExtraFrenchStops));

    private static readonly FrozenSet<string> EnglishStops = Fold(LoadSnowballEnglishStops().Concat(ExtraEnglishStops));

    private static readonly FrozenSet<string> StopWords = FrenchStops.Union(EnglishStops).Union(MetaWords).ToFrozenSet(StringComparer.Ordinal);

    // Words that tell one language from the other: stop words of one list only.
    private static readonly FrozenSet<string> FrenchOnly = FrenchStops.Except(EnglishStops).ToFrozenSet(StringComparer.Ordinal);

    private static readonly FrozenSet<string> EnglishOnly = EnglishStops.Except(FrenchStops).ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Appends the tokens of <paramref name="text"/>, stemmed for <paramref name="language"/>; numbers are dropped.</summary>
    public static void Tokenize(string text, string language, List<FaqToken> tokens)
    {
        foreach (var word in FoldedWords(text))
        {
            tokens.Add(ToToken(word, language));
        }
    }

    /// <summary>The words of <paramref name="text"/> in lower case with accents folded, neither stemmed nor filtered.</summary>
    public static List<string> FoldedWords(string text)
    {
        var words = new List<string>();
        using var stream = Words.GetTokenStream("text", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            // "cours 3", "6 mois", "2eme": numbers and quantities say nothing about the question.
            if (term.Length > 0 && !char.IsDigit(term.Buffer[0]))
            {
                words.Add(term.ToString());
            }
        }

        stream.End();
        return words;
    }

    public static FaqToken ToToken(string surface, string language) =>
        IsStop(surface) ? new FaqToken(surface, surface, IsStop: true) : new FaqToken(surface, Stem(surface, language), IsStop: false);

    public static bool IsStop(string surface) => surface.Length == 1 || StopWords.Contains(surface);

    public static string Stem(string surface, string language)
    {
        var stemmer = language == FaqLanguages.English ? EnglishStemmer : FrenchStemmer;
        using var stream = stemmer.GetTokenStream("word", surface);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        var stem = stream.IncrementToken() ? term.ToString() : surface;
        stream.End();
        return stem;
    }

    /// <summary>
    /// "fr" or "en" from the grammar words only one language uses, accents and French elisions;
    /// null when the text gives no clue (e.g. "supported browsers" is English, but only by vocabulary).
    /// </summary>
    public static string? DetectLanguage(string text, IReadOnlyList<FaqToken> tokens)
    {
        var (french, english) = GrammarEvidence(text, tokens);
        return french > english ? FaqLanguages.French : english > french ? FaqLanguages.English : null;
    }

    /// <summary>"fr" or "en" from the text's grammar words alone (no knowledge base at hand); null when it gives no clue.</summary>
    public static string? DetectLanguage(string text)
    {
        var tokens = new List<FaqToken>();
        Tokenize(text, FaqLanguages.French, tokens);
        return DetectLanguage(text, tokens);
    }

    /// <summary>How many grammar words only French uses (plus one for accents or elisions), and how many only English uses.</summary>
    public static (int French, int English) GrammarEvidence(string text, IReadOnlyList<FaqToken> tokens)
    {
        var french = 0;
        var english = 0;
        foreach (var token in tokens)
        {
            if (FrenchOnly.Contains(token.Surface))
            {
                french++;
            }
            else if (EnglishOnly.Contains(token.Surface))
            {
                english++;
            }
        }

        if (FrenchMarks().IsMatch(text))
        {
            french++;
        }

        return (french, english);
    }

    [GeneratedRegex(@"[éèêëàâçîïôûùœ]|\b(?:[jldnscm]|qu)['’]\p{L}", RegexOptions.IgnoreCase)]
    private static partial Regex FrenchMarks();

    private static IEnumerable<string> LoadSnowballEnglishStops()
    {
        using var reader = IOUtils.GetDecodingReader(typeof(SnowballFilter), "english_stop.txt", Encoding.UTF8);
        return WordlistLoader.GetSnowballWordSet(reader, Version).Select(w => w.ToString()).ToList();
    }

    private static FrozenSet<string> Fold(IEnumerable<string> words) =>
        words.Select(FoldedWords).Where(w => w.Count == 1).Select(w => w[0]).ToFrozenSet(StringComparer.Ordinal);
}
