using System.Text;

namespace SupportBot.Shared.Email.Replies;

/// <summary>
/// One linear pass over the HTML before it is parsed: start tags that would nest deeper than a mail
/// ever does are dropped (their text stays), and so are the end tags that would close them. An HTML
/// parser checks the stack of open elements at every tag (scopes, formatting elements), so a body
/// nested 100,000 levels deep costs it quadratic time; capped, a hostile body costs what a flat one does.
/// </summary>
internal static class HtmlDepthLimiter
{
    /// <summary>Real mail stays far below: Outlook's layout tables and a long thread of Gmail quotes reach about 40.</summary>
    public const int DefaultMaxDepth = 100;

    // Elements that never nest: void elements, and those whose end tag is optional and which
    // senders leave open ("<p>one<p>two"); counting them would make a flat body look deep.
    private static readonly HashSet<string> NotCounted = new(StringComparer.OrdinalIgnoreCase)
    {
        "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
        "p", "li", "dt", "dd", "tr", "td", "th", "option", "html", "head", "body", "tbody", "thead", "tfoot", "colgroup",
        "o:p",
    };

    public static string Flatten(string html, int maxDepth)
    {
        ArgumentNullException.ThrowIfNull(html);
        var output = new StringBuilder(html.Length);
        var depth = 0;
        var dropped = 0;
        var i = 0;
        while (i < html.Length)
        {
            var lt = html.IndexOf('<', i);
            if (lt < 0)
            {
                output.Append(html, i, html.Length - i);
                break;
            }

            output.Append(html, i, lt - i);
            var gt = html.IndexOf('>', lt + 1);
            if (gt < 0)
            {
                output.Append(html, lt, html.Length - lt);
                break;
            }

            var (name, isEnd, selfClosing) = ReadTag(html, lt, gt);
            var keep = true;
            if (name is not null && !NotCounted.Contains(name) && !selfClosing)
            {
                if (!isEnd)
                {
                    depth++;
                    if (depth > maxDepth)
                    {
                        keep = false;
                        dropped++;
                    }
                }
                else if (depth > 0)
                {
                    // The end tags of dropped elements come first when the body is well nested.
                    keep = !(depth > maxDepth && dropped > 0);
                    if (!keep)
                    {
                        dropped--;
                    }

                    depth--;
                }
            }

            if (keep)
            {
                output.Append(html, lt, gt - lt + 1);
            }

            i = gt + 1;
        }

        return output.ToString();
    }

    /// <summary>The tag's lower-case name (null for comments and "&lt;" in text), whether it ends an element, whether it closes itself.</summary>
    private static (string? Name, bool IsEnd, bool SelfClosing) ReadTag(string html, int lt, int gt)
    {
        var at = lt + 1;
        var isEnd = at < gt && html[at] == '/';
        if (isEnd)
        {
            at++;
        }

        var start = at;
        while (at < gt && (char.IsAsciiLetterOrDigit(html[at]) || html[at] is ':' or '-' or '!'))
        {
            at++;
        }

        // Comments, doctypes and a "<" in text are not elements.
        if (at == start || !char.IsAsciiLetter(html[start]))
        {
            return (null, false, false);
        }

        return (html[start..at].ToLowerInvariant(), isEnd, html[gt - 1] == '/');
    }
}
