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
        var document = new HtmlParser().ParseDocument(HtmlDepthLimiter.Flatten(html, HtmlDepthLimiter.DefaultMaxDepth));
        var writer = new QuotedTextWriter();
        Walk(document.Body ?? document.DocumentElement, writer);
        return writer.ToText();
    }

    /// <summary>
    /// Depth first over the DOM with an explicit stack, never recursion: a hostile message nested a
    /// hundred thousand levels deep costs a deep stack of frames on the heap, not a stack overflow.
    /// </summary>
    private static void Walk(INode root, QuotedTextWriter writer)
    {
        var stack = new Stack<Frame>();
        PushChildren(stack, root);
        while (stack.Count > 0)
        {
            var frame = stack.Pop();
            if (frame.Exit is { } exit)
            {
                exit(writer);
                continue;
            }

            switch (frame.Node)
            {
                case IText text:
                    writer.Write(text.Data);
                    break;
                case IElement element:
                    Enter(element, writer, stack);
                    break;
            }
        }
    }

    private static void PushChildren(Stack<Frame> stack, INode node)
    {
        // By index: a node's PreviousSibling searches its parent's children, quadratic over a long body.
        var children = node.ChildNodes;
        for (var i = children.Length - 1; i >= 0; i--)
        {
            stack.Push(new Frame(children[i], null));
        }
    }

    /// <summary>Writes what comes before an element's children, and pushes its children and what comes after them.</summary>
    private static void Enter(IElement element, QuotedTextWriter writer, Stack<Frame> stack)
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

        Action<QuotedTextWriter>? after = null;
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
                after = w =>
                {
                    w.StartLine();
                    w.QuoteDepth--;
                };
                break;
            case "ul" or "ol":
                writer.StartLine();
                writer.Lists.Push(new ListState(name == "ol"));
                after = w =>
                {
                    w.Lists.Pop();
                    w.StartLine();
                };
                break;
            case "li":
                writer.StartLine();
                writer.WriteMarker(ListMarker(writer.Lists));
                after = w => w.StartLine();
                break;
            case "a":
                if (LinkTarget(element) is { } target)
                {
                    after = w => w.Write($" ({target})");
                }

                break;
            case "td" or "th":
                writer.Write(" ");
                after = w => w.Write(" ");
                break;
            case "pre":
                writer.BlankLine();
                writer.Preformatted++;
                after = w =>
                {
                    w.Preformatted--;
                    w.BlankLine();
                };
                break;
            case "p" when element.ClassList.Contains("MsoNormal"):
                // Outlook writes every line, blank ones included, as a zero-margin MsoNormal paragraph.
                writer.StartLine();
                after = w => w.LineBreak();
                break;
            default:
                if (Paragraphs.Contains(name))
                {
                    writer.BlankLine();
                    after = w => w.BlankLine();
                }
                else if (Blocks.Contains(name))
                {
                    writer.StartLine();
                    after = w => w.StartLine();
                }

                break;
        }

        if (after is not null)
        {
            stack.Push(new Frame(null, after));
        }

        PushChildren(stack, element);
    }

    /// <summary>A node to enter, or what to write once an element's children are done.</summary>
    private readonly record struct Frame(INode? Node, Action<QuotedTextWriter>? Exit);

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
            // Depth of the next line with text below each line, computed once from the end (linear).
            var belowDepth = new int[_lines.Count + 1];
            for (var i = _lines.Count - 1; i >= 0; i--)
            {
                belowDepth[i] = _lines[i].Text.Length > 0 ? _lines[i].Depth : belowDepth[i + 1];
            }

            var text = new List<string>();
            for (var i = 0; i < _lines.Count; i++)
            {
                var (depth, line) = _lines[i];
                if (line.Length == 0)
                {
                    // A blank line inside a quote stays quoted, so the quote reads as one block.
                    depth = Math.Min(depth, Math.Min(i > 0 ? _lines[i - 1].Depth : 0, belowDepth[i + 1]));
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
