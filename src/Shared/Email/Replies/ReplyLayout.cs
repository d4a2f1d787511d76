using System.Buffers;

namespace SupportBot.Shared.Email.Replies;

/// <summary>
/// How a plain-text reply is laid out: blocks of new text and blocks of quotes up to the point where
/// unquoted history begins (an Outlook header block, an "Original Message" rule, a dated attribution
/// followed by unquoted text), and where a forwarded message starts if the peer forwarded one.
/// </summary>
internal sealed class ReplyLayout
{
    private readonly IReadOnlyList<BodyLine> _lines;
    private readonly bool[] _isAttribution;
    private readonly int _historyStart;
    private readonly int? _forwardStart;
    private readonly string? _senderName;

    public ReplyLayout(IReadOnlyList<BodyLine> lines, bool isForward, string? senderName)
    {
        _lines = lines;
        _senderName = senderName;
        _isAttribution = new bool[lines.Count];
        (_historyStart, _forwardStart) = FindHistory(isForward);
    }

    /// <param name="keepSignatures">Keep every line of the peer's text.</param>
    /// <param name="keepClosings">Trim delimited signatures, device lines and disclaimers only: for a
    /// reply that is nothing but "Thank you." or "Thanks, Bob", which then is the message.</param>
    /// <param name="quoteContext">Re-quote, above each inline answer, the sentence it answers.</param>
    public string Render(bool keepSignatures, bool keepClosings = false, bool quoteContext = true)
    {
        var blocks = Blocks(_forwardStart ?? _historyStart);
        if (!keepSignatures)
        {
            TrimSignatures(blocks, keepClosings);
        }

        var output = RenderOwnText(blocks, quoteContext);
        if (_forwardStart is { } forward)
        {
            output.Add("");
            output.AddRange(RenderForwarded(forward));
        }

        return ReplyExtractor.Tidy(output);
    }

    /// <summary>
    /// The message the peer quoted, one quote level removed, without its attribution or header block:
    /// what to fall back on when the peer added nothing recognisable.
    /// </summary>
    public static IReadOnlyList<BodyLine>? QuotedMessage(IReadOnlyList<BodyLine> lines)
    {
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.IsBlank && !line.IsQuoted)
            {
                continue;
            }

            var skip = line.IsQuoted ? 0
                : QuoteMarkers.IsOriginalMessageRule(line) || QuoteMarkers.IsForwardBanner(line) ? 1
                : Math.Max(QuoteMarkers.HeaderBlockLength(lines, i), QuoteMarkers.AttributionLength(lines, i, out _));
            if (line.IsQuoted || skip > 0)
            {
                var rest = lines.Skip(i + skip).Select(l => l.IsQuoted ? BodyLine.Parse(RemoveOneQuoteLevel(l.Text)) : l).ToList();
                return rest.Count > 0 ? rest : null;
            }
        }

        return null;
    }

    private (int HistoryStart, int? ForwardStart) FindHistory(bool isForward)
    {
        for (var i = 0; i < _lines.Count; i++)
        {
            var line = _lines[i];
            if (line.IsQuoted || line.IsBlank)
            {
                continue;
            }

            if (QuoteMarkers.IsForwardBanner(line))
            {
                return (i, i);
            }

            if (QuoteMarkers.IsOriginalMessageRule(line))
            {
                return (i, isForward ? i : null);
            }

            if (QuoteMarkers.HeaderBlockLength(_lines, i) > 0)
            {
                return isForward ? (i, i) : (QuoteMarkers.HeaderPreambleStart(_lines, i), null);
            }

            var length = QuoteMarkers.AttributionLength(_lines, i, out var dated);
            if (length == 0)
            {
                continue;
            }

            var next = NextNonBlank(i + length);
            if (next < 0 || _lines[next].IsQuoted)
            {
                Array.Fill(_isAttribution, true, i, length);
                i += length - 1;
            }
            else if (dated && HasTextAbove(i))
            {
                // A dated attribution over unquoted text: the client quoted without "> " markers.
                return (i, null);
            }
            else if (dated)
            {
                // Nothing written above it: a reply is never empty, so what follows is the peer's text, which
                // may quote further down ("On … wrote:" left at the top by a client replying under the quote).
                Array.Fill(_isAttribution, true, i, length);
                i += length - 1;
            }
        }

        return (_lines.Count, null);
    }

    // Words a short inline answer opens with; such a line is the peer's, whatever its case.
    private static readonly HashSet<string> AnswerWords = new(StringComparer.Ordinal)
    {
        "yes", "no", "ok", "okay", "sure", "right", "agreed", "exactly", "correct", "done", "indeed", "oui", "non",
        "d'accord", "exact", "ja", "nein", "genau", "si", "no", "claro", "sim", "nao", "certo", "klopt", "nee",
    };

    private List<Block> Blocks(int end)
    {
        var blocks = new List<Block>();
        for (var i = 0; i < end; i++)
        {
            var line = _lines[i];
            var isQuote = line.IsQuoted || _isAttribution[i] || IsUnmarkedQuoteContinuation(i, end);
            if (line.IsBlank && !line.IsQuoted && blocks.Count > 0)
            {
                blocks[^1].Lines.Add(i);
                continue;
            }

            if (blocks.Count == 0 || blocks[^1].IsQuote != isQuote)
            {
                blocks.Add(new Block(isQuote));
            }

            blocks[^1].Lines.Add(i);
        }

        return blocks;
    }

    /// <summary>
    /// A quoted line that the client wrapped without repeating "&gt;": lower-case start, between two
    /// quoted lines, the line above long and unfinished. An answer would start a sentence.
    /// </summary>
    private bool IsUnmarkedQuoteContinuation(int i, int end)
    {
        if (i == 0 || i + 1 >= end || _lines[i].IsQuoted || _lines[i].IsBlank)
        {
            return false;
        }

        var above = _lines[i - 1];
        var below = _lines[i + 1];
        if (!above.IsQuoted || !below.IsQuoted || above.IsBlank)
        {
            return false;
        }

        if (IsLinkTail(above.Content, _lines[i].Canonical))
        {
            return true;
        }

        if (!char.IsLower(_lines[i].Canonical[0]))
        {
            return false;
        }

        // Wrapped mid-sentence; or one short lower-case line ending a sentence under a long quoted one
        // ("> …porta a quis orci." / "rhoncus tortor in."), where an answer would not start in lower case.
        var unfinished = above.Content.Length >= 50 && !".?!:".Contains(above.Content[^1], StringComparison.Ordinal);
        var wrappedTail = above.Content.Length >= 50 && !above.Content.EndsWith('?') && _lines[i].Canonical.Length <= 40
            && _lines[i].Canonical.Split(' ').Length >= 2 && ".!".Contains(_lines[i].Canonical[^1], StringComparison.Ordinal)
            && !AnswerWords.Contains(BodyLine.Fold(_lines[i].Canonical.Split(' ', ',')[0]));
        return unfinished || wrappedTail;
    }

    /// <summary>
    /// The rest of a quoted link the client hard-wrapped: the line above ends inside a link and this
    /// line opens with a token holding a query or path character. An answer opens with a word, not "=3&amp;id=1)".
    /// </summary>
    private static readonly SearchValues<char> LinkCharacters = SearchValues.Create("=&/_%?#");

    private static bool IsLinkTail(string above, string line)
    {
        var lastToken = above.TrimEnd()[(above.TrimEnd().LastIndexOf(' ') + 1)..].TrimStart('(', '<', '[', '"');
        var inLink = lastToken.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
            || lastToken.StartsWith("https://", StringComparison.OrdinalIgnoreCase)
            || lastToken.StartsWith("www.", StringComparison.OrdinalIgnoreCase);
        var firstToken = line.Split(' ')[0];
        return inLink && firstToken.AsSpan().IndexOfAny(LinkCharacters) >= 0;
    }

    private void TrimSignatures(List<Block> blocks, bool keepClosings)
    {
        foreach (var block in blocks.Where(b => !b.IsQuote))
        {
            block.Keep(SignatureTrimmer.DelimitedSignatureStart(LinesOf(block)));
            block.Keep(SignatureTrimmer.DisclaimerStart(LinesOf(block)));
        }

        if (keepClosings)
        {
            return;
        }

        // A closing or a name ends the peer's last words; walk back while trimming leaves nothing ("Cheers, Bob" under a quote).
        var firstQuote = blocks.FindIndex(b => b.IsQuote);
        for (var b = blocks.Count - 1; b >= 0; b--)
        {
            var block = blocks[b];
            if (block.IsQuote)
            {
                continue;
            }

            block.Keep(SignatureTrimmer.ContactBlockStart(LinesOf(block), _senderName));
            // The closing line itself ("Thanks,", "Regards, Roman") is part of what the peer wrote (#15);
            // the name, title and contact lines under it are the signature.
            var kept = LinesOf(block);
            var closing = SignatureTrimmer.ClosingStart(kept);
            if (closing < kept.Count)
            {
                block.Keep(closing + 1);
            }
            else
            {
                block.Keep(SignatureTrimmer.SignOffStart(kept, _senderName, afterQuote: firstQuote >= 0 && b > firstQuote));
            }

            if (HasText(block))
            {
                break;
            }
        }
    }

    private List<string> RenderOwnText(List<Block> blocks, bool quoteContext)
    {
        var output = new List<string>();
        var firstQuote = blocks.FindIndex(b => b.IsQuote);
        var answers = blocks.Select((b, i) => (Block: b, Index: i))
            .Where(x => !x.Block.IsQuote && x.Index > firstQuote && firstQuote >= 0 && HasText(x.Block))
            .ToList();
        var lastQuote = blocks.FindLastIndex(b => b.IsQuote);
        var inline = answers.Count > 1 || (answers.Count == 1 && answers[0].Index < lastQuote);

        for (var b = 0; b < blocks.Count; b++)
        {
            var block = blocks[b];
            if (block.IsQuote || !HasText(block))
            {
                continue;
            }

            if (output.Count > 0)
            {
                output.Add("");
            }

            if (quoteContext && inline && b > 0 && blocks[b - 1].IsQuote)
            {
                output.AddRange(ContextFor(blocks[b - 1], block));
            }

            output.AddRange(block.KeptLines.Select(i => _lines[i].Text));
        }

        return output;
    }

    /// <summary>The end of the quoted paragraph an inline answer follows, re-quoted with "&gt; ".</summary>
    private IEnumerable<string> ContextFor(Block quote, Block answer)
    {
        var paragraph = new List<int>();
        foreach (var i in quote.Lines.AsEnumerable().Reverse())
        {
            var line = _lines[i];
            if (line.IsBlank || _isAttribution[i])
            {
                if (paragraph.Count > 0)
                {
                    break;
                }

                continue;
            }

            paragraph.Insert(0, i);
        }

        // The last sentence of that paragraph: walk up while the line above does not end one.
        var context = new List<int>();
        for (var k = paragraph.Count - 1; k >= 0 && context.Count < ReplyExtractor.ContextLines; k--)
        {
            if (context.Count > 0 && EndsSentence(_lines[paragraph[k]].Content))
            {
                break;
            }

            context.Insert(0, paragraph[k]);
        }

        foreach (var i in context)
        {
            yield return "> " + _lines[i].Content.TrimStart();
        }

        var firstAnswerLine = answer.KeptLines.FirstOrDefault(i => !_lines[i].IsBlank);
        if (context.Count > 0 && firstAnswerLine - context[^1] > 1)
        {
            yield return "";
        }
    }

    /// <summary>The forwarded message's own text: its banner and From/Date/Subject block are dropped (#15), like any header.</summary>
    private IEnumerable<string> RenderForwarded(int start)
    {
        var i = start;
        if (QuoteMarkers.IsForwardBanner(_lines[i]) || QuoteMarkers.IsOriginalMessageRule(_lines[i]))
        {
            i++;
        }

        var headerStart = NextNonBlank(i);
        if (headerStart >= 0 && QuoteMarkers.HeaderBlockLength(_lines, headerStart) is var length and > 0)
        {
            i = headerStart + length;
        }

        yield return ReplyExtractor.ExtractForwarded([.. _lines.Skip(i)]);
    }

    private static bool EndsSentence(string text) => text.TrimEnd().EndsWith('.') || text.TrimEnd().EndsWith('?')
        || text.TrimEnd().EndsWith('!') || text.TrimEnd().EndsWith(':');

    private bool HasTextAbove(int index)
    {
        for (var i = 0; i < index; i++)
        {
            if (!_lines[i].IsBlank)
            {
                return true;
            }
        }

        return false;
    }

    private int NextNonBlank(int from)
    {
        for (var i = from; i < _lines.Count; i++)
        {
            if (!_lines[i].IsBlank || _lines[i].IsQuoted)
            {
                return i;
            }
        }

        return -1;
    }

    private List<BodyLine> LinesOf(Block block) => [.. block.KeptLines.Select(i => _lines[i])];

    private bool HasText(Block block) => block.KeptLines.Any(i => !_lines[i].IsBlank);

    private static string RemoveOneQuoteLevel(string text)
    {
        var at = text.IndexOf('>', StringComparison.Ordinal);
        var rest = text[(at + 1)..];
        return rest.StartsWith(' ') ? rest[1..] : rest;
    }

    private sealed class Block(bool isQuote)
    {
        private int _kept = int.MaxValue;

        public bool IsQuote { get; } = isQuote;

        public List<int> Lines { get; } = [];

        public IEnumerable<int> KeptLines => Lines.Take(_kept);

        /// <summary>Keeps the first <paramref name="count"/> of the lines kept so far.</summary>
        public void Keep(int count) => _kept = Math.Min(_kept, count);
    }
}
