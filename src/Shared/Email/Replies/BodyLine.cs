using System.Text;
using SupportBot.Shared.Text;

namespace SupportBot.Shared.Email.Replies;

/// <summary>
/// One line of a plain-text body: its quote depth, its text without quote markers, and a folded form
/// for matching (clients disagree on non-breaking spaces, typographic apostrophes and accents).
/// </summary>
internal readonly record struct BodyLine(string Text, int QuoteDepth, string Content, string Canonical)
{
    public bool IsQuoted => QuoteDepth > 0;

    public bool IsBlank => Canonical.Length == 0;

    public static IReadOnlyList<BodyLine> Split(string body)
    {
        var normalized = body.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n').TrimStart('\uFEFF');
        return [.. normalized.Split('\n').Select(Parse)];
    }

    public static BodyLine Parse(string raw)
    {
        var text = raw.TrimEnd();
        var depth = 0;
        var i = 0;
        while (true)
        {
            var j = i;
            while (j < text.Length && (text[j] == ' ' || text[j] == '\t'))
            {
                j++;
            }

            if (j < text.Length && text[j] == '>')
            {
                depth++;
                i = j + 1;
                continue;
            }

            break;
        }

        var content = depth == 0 ? text : text[i..].TrimStart(' ');
        if (depth >= 2 && IsArrowFramed(content))
        {
            // ">>> www.example.com <<<" points at its text from both sides: an ad or banner line, not a quote.
            depth = 0;
            content = text;
        }

        return new BodyLine(text, depth, content, Canonicalize(content));
    }

    private static bool IsArrowFramed(string content)
    {
        var inner = content.TrimEnd('<');
        return content.Length - inner.Length >= 2 && inner.Any(char.IsLetterOrDigit);
    }

    /// <summary>Collapses every kind of space, drops direction marks, unifies apostrophes and trims.</summary>
    public static string Canonicalize(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || c is '\u00A0' or '\u202F' or '\u2007' or '\u200B')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }

            if (c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069'))
            {
                continue; // direction marks Gmail puts around names and addresses in Hebrew and Arabic attributions
            }

            if (pendingSpace)
            {
                sb.Append(' ');
                pendingSpace = false;
            }

            sb.Append(c is '\u2019' or '\u2018' or '\u00B4' ? '\'' : c);
        }

        return sb.ToString();
    }

    /// <summary>Lower case without diacritics (ß as ss), same idea as a search index: "Grüße" and "Grusse" meet.</summary>
    public static string Fold(string text) => Accents.Fold(text);
}
