using System.Text.RegularExpressions;

namespace SupportBot.Shared.Faq;

/// <summary>
/// Puts back the apostrophe that French learners leave out on a phone: "jarrive pas", "narrive", "cest quand
/// lexamen", "jai oublié" read as "j'arrive", "n'arrive", "c'est", "l'examen", "j'ai". Without it neither the words nor
/// the French gloss know the word, and "je narrive pas a deposer mon devoir" was offered buttons where "je n'arrive pas
/// à déposer mon devoir" is answered. A word is split only when it is no word itself, in French or in English, and what
/// follows the elided letter is a French word (FreeDict's dictionary, through its inflections); without the dictionaries
/// nothing is split.
/// </summary>
internal static partial class FrenchElision
{
    // Short words and forms of "avoir" and "être" that follow an elision: "jai", "jetais", "jen", "quil". Any other word after
    // the elided letter has three letters or more, so "can" (c + an) and "nor" (n + or) stay English.
    private static readonly HashSet<string> ShortOrAuxiliary = new(StringComparer.OrdinalIgnoreCase) { "ai", "avais", "avait", "aurais", "etais", "étais", "etait", "était", "en", "il", "ils", "elle", "elles", "on", "un", "une" };

    // English endings tried to find an inflected English word among the thesaurus's headwords ("selects" is "select").
    private static readonly string[] EnglishEndings = ["s", "es", "ed", "ing", "ly"];

    /// <summary>The text with each elided word written with its apostrophe; unchanged when none is.</summary>
    public static string Restore(string text) => string.IsNullOrEmpty(text) ? text : Elided().Replace(text, Split);

    private static string Split(Match word)
    {
        var (elided, rest) = (word.Groups["elided"].Value, word.Groups["rest"].Value);
        var whole = word.Value.ToLowerInvariant();
        var gloss = FrenchGloss.Default;
        return gloss.IsEmpty || gloss.Word(whole) is not null || IsEnglish(whole) || Thesaurus.Default.IsWord(whole, FaqLanguages.French) || FaqTextAnalyzer.IsStop(whole)
            || !(ShortOrAuxiliary.Contains(rest) || (rest.Length >= 3 && gloss.Word(rest.ToLowerInvariant()) is not null))
            ? word.Value
            : elided + "'" + rest;
    }

    private static bool IsEnglish(string word) =>
        Thesaurus.Default.IsWord(word, FaqLanguages.English)
        || EnglishEndings.Any(e => word.Length > e.Length + 2 && word.EndsWith(e, StringComparison.Ordinal) && Thesaurus.Default.IsWord(word[..^e.Length], FaqLanguages.English));

    // An elided article, pronoun or conjunction glued to a word that starts with a vowel or an h, as elision needs.
    [GeneratedRegex(@"\b(?<elided>qu|[jnlcdmts])(?<rest>[aeiouyhàâäéèêëîïôöûüù][\p{L}]{1,})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Elided();
}
