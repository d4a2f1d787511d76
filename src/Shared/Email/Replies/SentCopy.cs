using System.Text;
using System.Text.RegularExpressions;
using MimeKit;

namespace SupportBot.Shared.Email.Replies;

/// <summary>
/// The text of a message we sent, to recognise its copy in a reply: however the client quoted it
/// (reflowed, with "&gt;" or without, from the HTML part or the text part), a quoted copy is made of
/// the same words in the same order. Lines of the reply whose word triples are (nearly all) ours are
/// marked quoted before any heuristic runs, and so is the attribution or header block just above them.
/// </summary>
public sealed partial class SentCopy
{
    // A copy shorter than this is not told apart from a peer repeating a few words of the question.
    private const int MinCopiedWords = 6;
    private const double LineMatchRatio = 0.7;
    private const int MaxIntroLines = 6;

    private readonly HashSet<string> _trigrams = new(StringComparer.Ordinal);
    private readonly string _joined;
    private readonly string[] _introHints;

    /// <param name="sentTexts">The text bodies we sent in the thread (question, reminder).</param>
    /// <param name="introHints">Words that, in a line just above a copy, name us or the message
    /// (our address, our display name, the subject): such a line is the client's attribution.</param>
    public SentCopy(IEnumerable<string> sentTexts, IEnumerable<string?>? introHints = null)
    {
        ArgumentNullException.ThrowIfNull(sentTexts);
        var joined = new StringBuilder(" ");
        foreach (var text in sentTexts)
        {
            var words = Words(text);
            for (var i = 0; i + 2 < words.Count; i++)
            {
                _trigrams.Add(words[i] + " " + words[i + 1] + " " + words[i + 2]);
            }

            joined.Append(string.Join(' ', words)).Append(" | ");
        }

        _joined = joined.ToString();
        _introHints = [.. (introHints ?? []).Where(h => !string.IsNullOrWhiteSpace(h)).Select(h => BodyLine.Fold(h!.Trim()))];
    }

    public bool IsEmpty => _trigrams.Count == 0;

    // "Re:", "AW:", "RE [2]:", "Réf :"... in front of the subject a reply carries.
    [GeneratedRegex(@"^(?:\s*(?:re|aw|sv|vs|antw|antwort|rif|r|res|ref|odp|vl|atb|fw|fwd|tr|wg)\s*(?:\[\d+\])?\s*:\s*)+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReplyPrefix();

    /// <summary>Our message as a reply may quote it, introduced by our address, our name or its subject.</summary>
    public static SentCopy ForReply(IEnumerable<string> sentTexts, string ourAddress, string ourName, string? replySubject)
    {
        var subject = ReplyPrefix().Replace(replySubject ?? "", "").Trim();
        return new SentCopy(sentTexts, [ourAddress, ourName, subject.Length >= 8 ? subject : null]);
    }

    /// <summary>What a client may quote of a message we send: its text part, and its HTML part as text.</summary>
    public static IReadOnlyList<string> TextsOf(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var texts = new List<string>();
        if (message.TextBody is { Length: > 0 } text)
        {
            texts.Add(text);
        }

        if (message.HtmlBody is { Length: > 0 } html)
        {
            texts.Add(HtmlToText.Convert(html));
        }

        return texts;
    }

    /// <summary>The lines with every copy of our message (and the line introducing it) one quote level deeper.</summary>
    internal IReadOnlyList<BodyLine> MarkQuoted(IReadOnlyList<BodyLine> lines)
    {
        if (IsEmpty)
        {
            return lines;
        }

        var kind = new LineKind[lines.Count];
        var wordCounts = new int[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            (kind[i], wordCounts[i]) = Classify(lines[i]);
        }

        var marked = new bool[lines.Count];
        var i0 = 0;
        while (i0 < lines.Count)
        {
            if (kind[i0] is LineKind.None)
            {
                i0++;
                continue;
            }

            // A run: ours and blank lines, at least one strong line, enough of our words.
            var end = i0;
            var strongWords = 0;
            while (end < lines.Count && (kind[end] is not LineKind.None || IsWrappedFragment(lines, kind, wordCounts, end)))
            {
                if (kind[end] is LineKind.Strong)
                {
                    strongWords += wordCounts[end];
                }

                end++;
            }

            if (strongWords >= MinCopiedWords)
            {
                var start = i0;
                // "Thanks" of the peer's just above our quoted copy is theirs, not ours.
                var firstStrong = Enumerable.Range(start, end - start).First(k => kind[k] is LineKind.Strong);
                while (start < firstStrong && (kind[start] is LineKind.Blank || (!lines[start].IsQuoted && lines[firstStrong].IsQuoted)))
                {
                    start++;
                }

                for (var k = start; k < end; k++)
                {
                    // Lines without words ("--", rules) stay as written: a peer's "-- " after our copy still opens their signature.
                    marked[k] = !lines[k].IsBlank && wordCounts[k] > 0;
                }

                MarkIntro(lines, start, marked);
            }

            i0 = end;
        }

        return [.. lines.Select((line, k) => marked[k] && !line.IsQuoted ? BodyLine.Parse("> " + line.Text) : line)];
    }

    /// <summary>
    /// A short line of other words inside our copy: a link or a long word the client broke over two
    /// lines ("https://bot.example.e" / "du/q/…"). It only counts when our words go on after it.
    /// </summary>
    private static bool IsWrappedFragment(IReadOnlyList<BodyLine> lines, LineKind[] kind, int[] wordCounts, int i)
    {
        var fragment = wordCounts[i] <= 4 || !lines[i].Content.Trim().Contains(' ', StringComparison.Ordinal);
        if (kind[i] is not LineKind.None || !fragment || i == 0 || kind[i - 1] is not (LineKind.Strong or LineKind.Weak))
        {
            return false;
        }

        var next = i + 1;
        while (next < kind.Length && kind[next] is LineKind.Blank)
        {
            next++;
        }

        return next < kind.Length && kind[next] is LineKind.Strong;
    }

    /// <summary>The unquoted lines just above a copy that name us, the subject, or end like an attribution.</summary>
    private void MarkIntro(IReadOnlyList<BodyLine> lines, int copyStart, bool[] marked)
    {
        var k = copyStart - 1;
        if (k >= 0 && lines[k].IsBlank)
        {
            k--;
        }

        var intro = new List<int>();
        while (k >= 0 && !lines[k].IsBlank && !lines[k].IsQuoted && intro.Count < MaxIntroLines)
        {
            intro.Add(k);
            k--;
        }

        // Keep the lines from the first one that names us or reads as an attribution down to the copy.
        var first = -1;
        foreach (var line in intro)
        {
            if (IsIntroLine(lines[line]))
            {
                first = line;
            }
        }

        if (first < 0)
        {
            return;
        }

        for (var line = first; line < copyStart; line++)
        {
            marked[line] = !lines[line].IsBlank;
        }
    }

    private bool IsIntroLine(BodyLine line)
    {
        var folded = BodyLine.Fold(line.Canonical);
        // An attribution ends with ':' and carries a date or an address; "Here is how:" does not.
        return (folded.EndsWith(':') && folded.Any(c => char.IsDigit(c) || c == '@'))
            || (folded.EndsWith("---", StringComparison.Ordinal) && folded.Any(c => char.IsDigit(c) || c == '@'))
            || folded.EndsWith("-----", StringComparison.Ordinal)
            || _introHints.Any(h => folded.Contains(h, StringComparison.Ordinal));
    }

    private (LineKind Kind, int Words) Classify(BodyLine line)
    {
        if (line.IsBlank)
        {
            return (LineKind.Blank, 0);
        }

        var words = Words(line.Content);
        if (words.Count == 0)
        {
            // Rules and punctuation lines ("--", "____") inside our copy go with it.
            return (LineKind.Blank, 0);
        }

        if (words.Count < 3)
        {
            return (_joined.Contains(" " + string.Join(' ', words) + " ", StringComparison.Ordinal) ? LineKind.Weak : LineKind.None, words.Count);
        }

        var found = 0;
        for (var i = 0; i + 2 < words.Count; i++)
        {
            if (_trigrams.Contains(words[i] + " " + words[i + 1] + " " + words[i + 2]))
            {
                found++;
            }
        }

        return found >= LineMatchRatio * (words.Count - 2) ? (LineKind.Strong, words.Count) : (LineKind.None, words.Count);
    }

    /// <summary>Letters and digits only, folded: punctuation, links' brackets and line breaks do not matter.</summary>
    private static List<string> Words(string text)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var c in BodyLine.Fold(text))
        {
            if (char.IsLetterOrDigit(c))
            {
                current.Append(c);
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    private enum LineKind
    {
        None,
        Blank,
        Weak,
        Strong,
    }
}
