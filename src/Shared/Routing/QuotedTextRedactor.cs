using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SupportBot.Shared.Faq;

namespace SupportBot.Shared.Routing;

/// <summary>
/// Takes personal data out of an earlier learner's question (and its answer) before another learner
/// reads it in an offer: email addresses, phone numbers, links carrying a token or a key (a signed
/// course link, a shared document's access key), and the names of people of the course roster. What
/// is taken out becomes <see cref="Mask"/>, so the sentence still reads. A name that is also an ordinary
/// French word ("Claire", "Pierre", "Rose", "Blanc") is masked only where written with a capital: "la formule
/// est claire" stays. The roster's names are given; the ordinary words are the French thesaurus's headwords
/// (<see cref="Thesaurus"/>; the English one, WordNet, lists people's names too: "hugo", "martin").
/// </summary>
public static partial class QuotedTextRedactor
{
    public const string Mask = "[…]";

    // A roster name part shorter than this ("Li", "Al") is too often an ordinary word or a syllable.
    private const int MinNameLength = 3;

    // A French number has 10 digits (9 after +33); a date (2026-11-13) has 8, which must stay.
    private const int MinPhoneDigits = 9;

    /// <param name="names">Display names of the people of the module (learners, tutors), each split into its words too.</param>
    public static string Redact(string text, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(names);
        var redacted = Email().Replace(text, Mask);
        redacted = Url().Replace(redacted, m => CarriesSecret(m.Value) ? Mask : m.Value);
        redacted = Phone().Replace(redacted, m => m.Value.Count(char.IsAsciiDigit) >= MinPhoneDigits ? Mask : m.Value);
        var parts = names
            .Where(n => !string.IsNullOrWhiteSpace(n))
            .SelectMany(n => new[] { n.Trim() }.Concat(n.Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries)))
            .Select(Fold)
            .Where(p => p.Length >= MinNameLength)
            .Distinct(StringComparer.Ordinal)
            // Whole names first, so "Hugo Martin" is one mask, not two.
            .OrderByDescending(p => p.Length)
            .ToList();
        if (parts.Count == 0)
        {
            return redacted;
        }

        // Names are matched on the accent-folded, lower-case text, word by word; the original text keeps its accents.
        var folded = Fold(redacted);
        if (folded.Length != redacted.Length)
        {
            return redacted;
        }

        var result = new StringBuilder(redacted);
        var masked = new bool[redacted.Length];
        foreach (var part in parts)
        {
            var ordinary = !part.Contains(' ', StringComparison.Ordinal) && Thesaurus.Default.IsWord(part, FaqLanguages.French);
            for (var at = folded.IndexOf(part, StringComparison.Ordinal); at >= 0; at = folded.IndexOf(part, at + 1, StringComparison.Ordinal))
            {
                var end = at + part.Length;
                if ((at > 0 && char.IsLetterOrDigit(folded[at - 1])) || (end < folded.Length && char.IsLetterOrDigit(folded[end]))
                    || masked.AsSpan(at, part.Length).Contains(true) || (ordinary && !char.IsUpper(redacted[at])))
                {
                    continue;
                }

                masked.AsSpan(at, part.Length).Fill(true);
            }
        }

        // Each run of masked characters becomes one mask, from the end so the positions hold.
        for (var i = masked.Length - 1; i >= 0; i--)
        {
            if (!masked[i])
            {
                continue;
            }

            var start = i;
            while (start > 0 && masked[start - 1])
            {
                start--;
            }

            result.Remove(start, i - start + 1).Insert(start, Mask);
            i = start;
        }

        return result.ToString();
    }

    /// <summary>A link whose query or fragment holds a parameter named like a credential, or a long random-looking value.</summary>
    private static bool CarriesSecret(string url)
    {
        var q = url.IndexOfAny(['?', '#']);
        if (q < 0)
        {
            // A path segment that looks like a key (long, letters and digits mixed) is a capability link too.
            return url.Split('/').Any(LooksRandom);
        }

        return url[(q + 1)..].Split('&', '#', ';').Any(pair =>
        {
            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var key = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? "" : pair[(eq + 1)..];
            return SecretKey().IsMatch(key) || LooksRandom(value);
        }) || url[..q].Split('/').Any(LooksRandom);
    }

    private static bool LooksRandom(string value) =>
        value.Length >= 20 && value.Any(char.IsAsciiDigit) && value.Any(char.IsAsciiLetter) && !value.Contains('.', StringComparison.Ordinal);

    private static string Fold(string text)
    {
        var decomposed = text.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(char.ToLowerInvariant(c));
            }
        }

        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}", RegexOptions.CultureInvariant)]
    private static partial Regex Email();

    [GeneratedRegex(@"\b(?:https?://|www\.)\S+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Url();

    // Digits with spaces, dots, dashes or a leading + between them.
    [GeneratedRegex(@"(?<![\w])\+?\(?\d[\d\s.\-()]{6,}\d(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();

    [GeneratedRegex(@"^(?:token|access_?token|auth|key|api_?key|sig|signature|code|secret|password|pwd|session|sid|jwt|ticket|t)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();
}
