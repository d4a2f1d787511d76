using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace SupportBot.Shared.Email.Replies;

/// <summary>
/// Turns an HTML mail body into plain text that <see cref="ReplyExtractor"/> understands: paragraphs
/// and line breaks, "- " and "1. " lists, links as "text (url)", blockquotes as "&gt; " lines, and
/// everything from a client's quote marker on (Gmail's gmail_quote, Outlook's divRplyFwdMsg and
/// #appendonsend, Yahoo's yahoo_quoted) quoted too, since clients put the history there without a blockquote.
/// </summary>
public static class HtmlToText
{
    private static readonly HashSet<string> Skipped = new(StringComparer.Ordinal)
    {
        "head", "title", "style", "script", "template", "noscript", "meta", "link", "object", "iframe", "svg", "xml",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.Ordinal)
    {
        "div", "section", "article", "header", "footer", "main", "nav", "aside", "center", "address", "figure",
        "figcaption", "form", "fieldset", "dl", "dt", "dd", "table", "tbody", "thead", "tfoot", "tr", "caption",
    };

    private static readonly HashSet<string> Paragraphs = new(StringComparer.Ordinal)
    {
        "p", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
    };

    public static string Convert(string html)
    {
        ArgumentNullException.ThrowIfNull(html);
        var document = new HtmlParser().ParseDocument(html);
        var writer = new QuotedTextWriter();
        Walk(document.Body ?? document.DocumentElement, writer);
        return writer.ToText();
    }

    private static void Walk(INode node, QuotedTextWriter writer)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    writer.Write(text.Data);
                    break;
                case IElement element:
                    WalkElement(element, writer);
                    break;
            }
        }
    }

    private static void WalkElement(IElement element, QuotedTextWriter writer)
    {
        var name = element.LocalName;
        if (Skipped.Contains(name))
        {
            return;
        }

        if (!writer.InHistory && IsQuoteMarker(element))
        {
            writer.StartLine();
            writer.InHistory = true;
        }

        switch (name)
        {
            case "br":
                writer.LineBreak();
                return;
            case "hr":
                writer.BlankLine();
                return;
            case "img":
                // Emoji are images in Gmail; other images come through as attachments.
                if (element.ClassList.Contains("emoji") && element.GetAttribute("alt") is { Length: > 0 } alt)
                {
                    writer.Write(alt);
                }

                return;
            case "blockquote":
                writer.StartLine();
                writer.QuoteDepth++;
                Walk(element, writer);
                writer.StartLine();
                writer.QuoteDepth--;
                return;
            case "ul" or "ol":
                writer.StartLine();
                writer.Lists.Push(new ListState(name == "ol"));
                Walk(element, writer);
                writer.Lists.Pop();
                writer.StartLine();
                return;
            case "li":
                writer.StartLine();
                writer.WriteMarker(ListMarker(writer.Lists));
                Walk(element, writer);
                writer.StartLine();
                return;
            case "a":
                Walk(element, writer);
                if (LinkTarget(element) is { } target)
                {
                    writer.Write($" ({target})");
                }

                return;
            case "td" or "th":
                writer.Write(" ");
                Walk(element, writer);
                writer.Write(" ");
                return;
            case "pre":
                writer.BlankLine();
                writer.Preformatted++;
                Walk(element, writer);
                writer.Preformatted--;
                writer.BlankLine();
                return;
            case "p" when element.ClassList.Contains("MsoNormal"):
                // Outlook writes every line, blank ones included, as a zero-margin MsoNormal paragraph.
                writer.StartLine();
                Walk(element, writer);
                writer.LineBreak();
                return;
        }

        if (Paragraphs.Contains(name))
        {
            writer.BlankLine();
            Walk(element, writer);
            writer.BlankLine();
        }
        else if (Blocks.Contains(name))
        {
            writer.StartLine();
            Walk(element, writer);
            writer.StartLine();
        }
        else
        {
            Walk(element, writer);
        }
    }

    private static bool IsQuoteMarker(IElement element)
    {
        var marker = element.ClassList.Contains("gmail_quote") || element.ClassList.Contains("gmail_quote_container")
            || element.ClassList.Contains("yahoo_quoted")
            || element.Id is "divRplyFwdMsg" or "appendonsend" or "mail-editor-reference-message-container";

        // Gmail wraps a forward in gmail_quote too; a forward is meant to be read, not dropped.
        return marker && !QuoteMarkers.StartsWithForwardBanner(Truncate(element.TextContent, 200));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];

    private static string ListMarker(Stack<ListState> lists)
    {
        if (lists.Count == 0)
        {
            return "- ";
        }

        var list = lists.Peek();
        var indent = new string(' ', 2 * (lists.Count - 1));
        return list.Ordered ? $"{indent}{++list.Counter}. " : $"{indent}- ";
    }

    /// <summary>The address to show after a link's text, or null when the text already says it.</summary>
    private static string? LinkTarget(IElement anchor)
    {
        var href = anchor.GetAttribute("href")?.Trim();
        if (string.IsNullOrEmpty(href) || !(href.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
            || href.StartsWith("https:", StringComparison.OrdinalIgnoreCase)
            || href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var text = BodyLine.Canonicalize(anchor.TextContent);
        if (text.Length == 0)
        {
            return null;
        }

        var shown = href.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) ? href[7..] : href;
        return Comparable(shown).Equals(Comparable(text), StringComparison.OrdinalIgnoreCase) ? null : shown;
    }

    private static string Comparable(string url) =>
        url.Replace("https://", "", StringComparison.OrdinalIgnoreCase)
            .Replace("http://", "", StringComparison.OrdinalIgnoreCase)
            .Replace("www.", "", StringComparison.OrdinalIgnoreCase)
            .TrimEnd('/');

    private sealed class ListState(bool ordered)
    {
        public bool Ordered { get; } = ordered;

        public int Counter { get; set; }
    }

    /// <summary>Collects lines, each tagged with the quote depth it was written at.</summary>
    private sealed class QuotedTextWriter
    {
        private readonly List<(int Depth, string Text)> _lines = [];
        private readonly StringBuilder _current = new();
        private int _currentDepth;

        public int QuoteDepth { get; set; }

        /// <summary>Set at the client's quote marker and never cleared: the rest of the body is history.</summary>
        public bool InHistory { get; set; }

        public int Preformatted { get; set; }

        public Stack<ListState> Lists { get; } = new();

        private int Depth => QuoteDepth + (InHistory ? 1 : 0);

        public void Write(string text)
        {
            if (Preformatted > 0)
            {
                var parts = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
                for (var i = 0; i < parts.Length; i++)
                {
                    if (i > 0)
                    {
                        LineBreak();
                    }

                    Append(parts[i].Replace('\u00A0', ' '));
                }

                return;
            }

            var collapsed = Collapse(text);
            if (_current.Length == 0 || _current[^1] == ' ')
            {
                collapsed = collapsed.TrimStart();
            }

            Append(collapsed);
        }

        /// <summary>A list marker, written as is so nested lists keep their indent.</summary>
        public void WriteMarker(string marker) => Append(marker);

        public void StartLine()
        {
            if (_current.ToString().Trim().Length > 0)
            {
                LineBreak();
            }
            else
            {
                _current.Clear();
            }
        }

        public void LineBreak()
        {
            _lines.Add((_current.Length > 0 ? _currentDepth : Depth, _current.ToString().TrimEnd()));
            _current.Clear();
        }

        public void BlankLine()
        {
            StartLine();
            if (_lines.Count > 0 && _lines[^1].Text.Length > 0)
            {
                _lines.Add((Depth, ""));
            }
        }

        public string ToText()
        {
            StartLine();
            var text = new List<string>();
            for (var i = 0; i < _lines.Count; i++)
            {
                var (depth, line) = _lines[i];
                if (line.Length == 0)
                {
                    // A blank line inside a quote stays quoted, so the quote reads as one block.
                    var below = _lines.Skip(i + 1).FirstOrDefault(l => l.Text.Length > 0);
                    depth = Math.Min(depth, Math.Min(i > 0 ? _lines[i - 1].Depth : 0, below.Text is null ? 0 : below.Depth));
                }

                text.Add(depth == 0 ? line : new string('>', depth) + (line.Length > 0 ? " " + line : ""));
            }

            return ReplyExtractor.Tidy(text);
        }

        private void Append(string text)
        {
            if (text.Length == 0)
            {
                return;
            }

            if (_current.Length == 0)
            {
                _currentDepth = Depth;
            }

            _current.Append(text);
        }

        private static string Collapse(string text)
        {
            var sb = new StringBuilder(text.Length);
            var space = false;
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c) || c == '\u00A0')
                {
                    space = true;
                    continue;
                }

                if (space)
                {
                    sb.Append(' ');
                    space = false;
                }

                sb.Append(c);
            }

            if (space)
            {
                sb.Append(' ');
            }

            return sb.ToString();
        }
    }
}
