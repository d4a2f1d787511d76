using System.Text;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// Puts text someone else wrote (a learner's question) into a Markdown message as text: Web Chat
/// renders Markdown and inline HTML, so an &lt;img&gt; or a [link](...) in a question would
/// otherwise become an image fetched by the reader's browser or a link the bot seems to vouch for.
/// </summary>
public static class ChatMarkdown
{
    /// <summary>HTML's three specials as entities, Markdown's emphasis, code, link and table marks backslash-escaped.</summary>
    public static string Escape(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': escaped.Append("&amp;"); break;
                case '<': escaped.Append("&lt;"); break;
                case '>': escaped.Append("&gt;"); break;
                case '\\' or '`' or '*' or '_' or '[' or ']' or '~' or '|' or '#': escaped.Append('\\').Append(c); break;
                default: escaped.Append(c); break;
            }
        }

        return escaped.ToString();
    }

    /// <summary>The text as a Markdown block quote: escaped, every line quoted, so a line break cannot end the quote.</summary>
    public static string Quote(string text) =>
        "> " + Escape(text).ReplaceLineEndings("\n").Replace("\n", "\n> ", StringComparison.Ordinal);
}
