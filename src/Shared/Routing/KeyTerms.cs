using System.Text.RegularExpressions;

namespace SupportBot.Shared.Routing;

/// <summary>The kinds of words that name exactly what a question is about, so two questions naming different ones differ.</summary>
[Flags]
public enum KeyTermKinds
{
    None = 0,

    /// <summary>Error codes and exception names: "#N/A", "#REF!", "KeyError", "0x80070005".</summary>
    ErrorCodes = 1,

    /// <summary>Numbers: "assignment 2", "error 404", "Python 3.12".</summary>
    Numbers = 2,

    /// <summary>File types: "PDF", ".xlsx", "csv".</summary>
    FileTypes = 4,

    /// <summary>Names written as names in the same language: "VLOOKUP", "SOMME.SI", "PowerPoint".</summary>
    ToolNames = 8,

    All = ErrorCodes | Numbers | FileTypes | ToolNames,
}

/// <summary>
/// The key content words of a question (error codes, numbers, file types, tool names) and whether two
/// questions contradict on them: both name terms of one kind and share none ("#REF!" against "#N/A",
/// "assignment 2" against "assignment 3"). In a module's near-misses the same tool comes back with another
/// error or another file, and sentence meaning scores those alike; the words that differ settle it. Pure.
/// </summary>
public static partial class KeyTerms
{
    private static readonly HashSet<string> FileTypeNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "pdf", "doc", "docx", "odt", "rtf", "txt", "xls", "xlsx", "ods", "csv", "ppt", "pptx", "odp", "zip", "rar",
        "png", "jpg", "jpeg", "gif", "svg", "mp3", "mp4", "html", "json", "xml", "sql", "ipynb", "py",
    };

    // Capitals that are not names of a tool: abbreviations of the course itself and shouting.
    private static readonly HashSet<string> NotToolNames = new(StringComparer.Ordinal)
    {
        "QCM", "TD", "TP", "URL", "PC", "OK", "FAQ", "AIDE", "HELP", "URGENT", "SVP", "ASAP", "MCQ", "LMS",
    };

    /// <summary>The terms of each kind the text names, as (kind, folded term).</summary>
    public static IReadOnlySet<(KeyTermKinds Kind, string Term)> Of(string text, KeyTermKinds kinds = KeyTermKinds.All)
    {
        ArgumentNullException.ThrowIfNull(text);
        var terms = new HashSet<(KeyTermKinds, string)>();
        var masked = text;
        if (kinds.HasFlag(KeyTermKinds.ErrorCodes))
        {
            foreach (Match m in ErrorCode().Matches(text))
            {
                terms.Add((KeyTermKinds.ErrorCodes, m.Value.ToUpperInvariant()));
            }
        }

        // The digits of "#DIV/0!" or "0x8007" are the error code's, not a number of the question.
        masked = ErrorCode().Replace(masked, " ");
        if (kinds.HasFlag(KeyTermKinds.FileTypes))
        {
            foreach (Match m in Word().Matches(masked))
            {
                var word = m.Value.TrimStart('.');
                if (FileTypeNames.Contains(word) && (m.Value.StartsWith('.') || word.Length > 2))
                {
                    terms.Add((KeyTermKinds.FileTypes, word.ToLowerInvariant()));
                }
            }
        }

        if (kinds.HasFlag(KeyTermKinds.Numbers))
        {
            foreach (Match m in Number().Matches(masked))
            {
                terms.Add((KeyTermKinds.Numbers, m.Value.Replace(',', '.')));
            }
        }

        if (kinds.HasFlag(KeyTermKinds.ToolNames))
        {
            foreach (Match m in ToolName().Matches(masked))
            {
                if (!NotToolNames.Contains(m.Value) && !FileTypeNames.Contains(m.Value))
                {
                    terms.Add((KeyTermKinds.ToolNames, m.Value.ToUpperInvariant()));
                }
            }
        }

        return terms;
    }

    /// <summary>
    /// True when, for one of the kinds, both texts name terms and share none. Tool names are compared only
    /// within one known language: "VLOOKUP" and "RECHERCHEV" are one function.
    /// </summary>
    public static bool Contradict(
        IReadOnlySet<(KeyTermKinds Kind, string Term)> a, string? languageA, IReadOnlySet<(KeyTermKinds Kind, string Term)> b, string languageB, KeyTermKinds kinds)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        foreach (var kind in new[] { KeyTermKinds.ErrorCodes, KeyTermKinds.Numbers, KeyTermKinds.FileTypes, KeyTermKinds.ToolNames })
        {
            if (!kinds.HasFlag(kind) || (kind == KeyTermKinds.ToolNames && (languageA is null || languageA != languageB)))
            {
                continue;
            }

            var ofA = a.Where(t => t.Kind == kind).ToList();
            if (ofA.Count > 0 && b.Any(t => t.Kind == kind) && !ofA.Any(b.Contains))
            {
                return true;
            }
        }

        return false;
    }

    // "#N/A", "#REF!", "#DIV/0!", "#NOM?", hex codes, and Python/Java/.NET exception names.
    [GeneratedRegex(@"#[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ0-9/]*[!?]?|\b0x[0-9A-Fa-f]{4,}\b|\b[A-Z][A-Za-z]+(?:Error|Exception)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ErrorCode();

    [GeneratedRegex(@"(?<![\w.])\d+(?:[.,]\d+)?(?![\w])", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    [GeneratedRegex(@"\.?\b\w+\b", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    // Capitals with an optional dotted tail ("SOMME.SI", "NB.SI.ENS") or a capital inside a word ("PowerPoint", "GitHub").
    [GeneratedRegex(@"\b(?:[A-Z][A-Z0-9]{2,}(?:\.[A-Z0-9]+)*|[A-Z][a-z]+[A-Z][A-Za-z]*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex ToolName();
}
