namespace SupportBot.Shared.Email.Replies;

/// <summary>
/// Keeps what the peer wrote in a plain-text reply: drops quoted history ("&gt;" lines, "On … wrote:"
/// attributions, Outlook header blocks and everything under them) and signatures.
/// </summary>
/// <remarks>
/// <para>Inline answers: when the peer writes between quoted lines (two answers or more, or an answer
/// followed by more quoted text), each answer is kept after the last sentence of the quoted paragraph it
/// answers (at most <see cref="ContextLines"/> lines), written "&gt; …", so "Yes" still says what it agrees to. A single block
/// written under the whole quote (bottom posting) is kept without context. Without
/// <c>quoteContext</c>, only the peer's own lines: exactly what they wrote, as `supportbot mail
/// extract-reply` prints it; the chat shows the answers with their context.</para>
/// <para>Forwards: the forwarded message is kept (banner, its From/Date/Subject block and its own new
/// text), because a peer who forwards wants it read. Outlook forwards carry no banner, only a header
/// block, so pass <c>isForward</c> (from a "Fwd:"/"TR:" subject) to keep them too.</para>
/// <para>Never returns empty for a body with text in it: without closings ("Thank you." alone is the
/// message), then without signature trimming, then the quoted
/// message itself, then the whole body.</para>
/// </remarks>
public static class ReplyExtractor
{
    /// <summary>Lines of the quoted paragraph kept above each inline answer.</summary>
    public const int ContextLines = 3;

    private const int MaxFallbackDepth = 3;

    /// <summary>The new text of <paramref name="body"/> (CRLF or LF), LF line ends, no leading or trailing blank line.</summary>
    /// <param name="body">A plain-text reply body.</param>
    /// <param name="isForward">True when the message is a forward (subject "Fwd:", "TR:", "WG:"…), so a
    /// bare Outlook header block starts forwarded content to keep rather than history to drop.</param>
    /// <param name="senderName">The From display name, if known: a last line that is only (part of) it is a sign-off.</param>
    /// <param name="sent">What we sent in this thread, when known: its quoted copy is history whatever the client made of it.</param>
    /// <param name="quoteContext">Re-quote above each inline answer the sentence it answers ("&gt; …").</param>
    public static string Extract(string body, bool isForward = false, string? senderName = null, SentCopy? sent = null, bool quoteContext = true)
    {
        ArgumentNullException.ThrowIfNull(body);
        var lines = BodyLine.Split(body);
        return Extract(sent is null ? lines : sent.MarkQuoted(lines), isForward, senderName, keepSignatures: false, depth: 0, quoteContext);
    }

    private static string Extract(IReadOnlyList<BodyLine> lines, bool isForward, string? senderName, bool keepSignatures, int depth, bool quoteContext = true)
    {
        if (lines.All(l => l.IsBlank))
        {
            return "";
        }

        var text = new ReplyLayout(lines, isForward, senderName).Render(keepSignatures, quoteContext: quoteContext);
        if (text.Length == 0 && !keepSignatures)
        {
            text = new ReplyLayout(lines, isForward, senderName).Render(keepSignatures: false, keepClosings: true, quoteContext);
        }

        if (text.Length == 0 && !keepSignatures)
        {
            text = new ReplyLayout(lines, isForward, senderName).Render(keepSignatures: true, quoteContext: quoteContext);
        }

        if (text.Length == 0 && depth < MaxFallbackDepth && ReplyLayout.QuotedMessage(lines) is { } quoted)
        {
            text = Extract(quoted, isForward: false, senderName: null, keepSignatures, depth + 1, quoteContext);
        }

        return text.Length > 0 ? text : Tidy(lines.Select(l => l.Text));
    }

    internal static string ExtractForwarded(IReadOnlyList<BodyLine> lines) =>
        Extract(lines, isForward: false, senderName: null, keepSignatures: true, depth: 0);

    /// <summary>Trailing spaces off, runs of blank lines down to one, no blank line at either end.</summary>
    internal static string Tidy(IEnumerable<string> lines)
    {
        var kept = new List<string>();
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd();
            if (line.Length == 0 && (kept.Count == 0 || kept[^1].Length == 0))
            {
                continue;
            }

            kept.Add(line);
        }

        while (kept.Count > 0 && kept[^1].Length == 0)
        {
            kept.RemoveAt(kept.Count - 1);
        }

        return string.Join('\n', kept);
    }
}
