using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SupportBot.Shared.Text;

namespace SupportBot.Shared.Routing;

/// <summary>A module a learner is enrolled in, with what they may call it.</summary>
/// <param name="Keywords">Words of the module's field learners use without naming it ("RECHERCHEV", "tableur").</param>
public sealed partial record LearnerModule(string Id, string Title, IReadOnlyList<string> Keywords)
{
    /// <summary>"Module 2 – Données et tableurs" gives 2; the id "m2-data" too; null when neither has a number.</summary>
    public int? Number =>
        NumberIn(Title, TitleNumber()) ?? NumberIn(Id, IdNumber());

    /// <summary>The title without its "Module 2 –" prefix: "Données et tableurs".</summary>
    public string Subject => TitlePrefix().Replace(Title, "").Trim();

    private static int? NumberIn(string text, Regex pattern) =>
        pattern.Match(text) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : null;

    [GeneratedRegex(@"\bmodule\s*(\d+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TitleNumber();

    [GeneratedRegex(@"^m(?:od(?:ule)?)?[-_ ]?(\d+)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"^\s*module\s*\d+\s*[-–—:.]?\s*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TitlePrefix();
}

/// <summary>
/// Which of the learner's modules a question names, if exactly one: by number first ("module 2",
/// "M2", "mod. 2", "le module deux"), else by the title's subject or the module's known words. Two
/// modules named, or none, gives null: the bot then asks rather than guesses.
/// </summary>
public static partial class ModuleFromText
{
    private static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["un"] = 1, ["premier"] = 1, ["one"] = 1, ["first"] = 1,
        ["deux"] = 2, ["deuxieme"] = 2, ["second"] = 2, ["two"] = 2,
        ["trois"] = 3, ["troisieme"] = 3, ["three"] = 3, ["third"] = 3,
        ["quatre"] = 4, ["quatrieme"] = 4, ["four"] = 4, ["fourth"] = 4,
        ["cinq"] = 5, ["cinquieme"] = 5, ["five"] = 5, ["fifth"] = 5,
        ["six"] = 6, ["sixieme"] = 6, ["sixth"] = 6,
    };

    public static LearnerModule? Find(string text, IReadOnlyList<LearnerModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        if (string.IsNullOrWhiteSpace(text) || modules.Count == 0)
        {
            return null;
        }

        var folded = Fold(text);
        var numbers = NumbersNamed(folded);
        if (numbers.Count > 0)
        {
            return ByNumber(numbers, modules);
        }

        var named = modules.Where(m => Names(m).Any(name => ContainsWords(folded, Fold(name)))).ToList();
        return named.Count == 1 ? named[0] : null;
    }

    /// <summary>
    /// The one module the text names by its number ("non, c'est le module 2", "M2"); null otherwise. Stricter
    /// than <see cref="Find"/>: a reply to "shall I send it to Module 1?" that merely holds one of Module 2's
    /// words is a new question, not a correction.
    /// </summary>
    public static LearnerModule? FindByNumber(string text, IReadOnlyList<LearnerModule> modules)
    {
        ArgumentNullException.ThrowIfNull(modules);
        return string.IsNullOrWhiteSpace(text) || modules.Count == 0 ? null : ByNumber(NumbersNamed(Fold(text)), modules);
    }

    private static LearnerModule? ByNumber(HashSet<int> numbers, IReadOnlyList<LearnerModule> modules)
    {
        var byNumber = modules.Where(m => m.Number is { } n && numbers.Contains(n)).ToList();
        return byNumber.Count == 1 ? byNumber[0] : null;
    }

    private static IEnumerable<string> Names(LearnerModule module) =>
        module.Keywords.Append(module.Subject).Where(n => n.Trim().Length >= 3);

    private static HashSet<int> NumbersNamed(string folded)
    {
        var numbers = new HashSet<int>();
        foreach (Match m in NumberMention().Matches(folded))
        {
            var word = m.Groups["n"].Value;
            if (int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || NumberWords.TryGetValue(word, out n))
            {
                numbers.Add(n);
            }
        }

        foreach (Match m in OrdinalMention().Matches(folded))
        {
            if (NumberWords.TryGetValue(m.Groups["n"].Value, out var n)
                || int.TryParse(m.Groups["d"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out n))
            {
                numbers.Add(n);
            }
        }

        return numbers;
    }

    /// <summary>Whole words: "tableur" is in "mon tableur plante", not in "tableurs" unless the name is a prefix of a longer word.</summary>
    private static bool ContainsWords(string text, string name)
    {
        if (name.Length == 0)
        {
            return false;
        }

        var start = 0;
        while ((start = text.IndexOf(name, start, StringComparison.Ordinal)) >= 0)
        {
            var before = start == 0 || !char.IsLetterOrDigit(text[start - 1]);
            var end = start + name.Length;
            // A plural or a verb ending may follow ("tableurs", "formules"): up to two letters.
            var after = end == text.Length || !char.IsLetterOrDigit(text[end])
                || (end + 1 == text.Length || !char.IsLetterOrDigit(text[end + 1])) && text[end] is 's' or 'x'
                || (end + 2 <= text.Length && text[end] == 'e' && (end + 1 == text.Length || !char.IsLetterOrDigit(text[end + 1])));
            if (before && after)
            {
                return true;
            }

            start = end;
        }

        return false;
    }

    /// <summary>Lower case, accents removed, apostrophes and dashes as spaces.</summary>
    internal static string Fold(string text)
    {
        var folded = Accents.Fold(text);
        var b = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            b.Append(ch is '\'' or '’' or '-' or '–' or '—' or '_' ? ' ' : ch);
        }

        return b.ToString();
    }

    // "module 2", "module deux", "mod. 2", "m2"; words only after "module" ("I'm one of..." names nothing).
    [GeneratedRegex(@"\b(?:modules?\s?(?<n>\d{1,2}|un|deux|trois|quatre|cinq|six|one|two|three|four|five)|mod\.?\s?(?<n>\d{1,2})|m(?<n>\d{1,2}))\b", RegexOptions.CultureInvariant)]
    private static partial Regex NumberMention();

    // "le deuxième module", "2e module", "second module", "the 2nd module".
    [GeneratedRegex(@"\b(?:(?<n>premier|deuxieme|second|troisieme|quatrieme|cinquieme|sixieme|first|third|fourth|fifth|sixth)|(?<d>\d{1,2})(?:e|eme|er|st|nd|rd|th))\s+module\b", RegexOptions.CultureInvariant)]
    private static partial Regex OrdinalMention();
}
