using SupportBot.Shared.Email.Replies;

namespace SupportBot.Tests.Email;

public sealed class HtmlToTextTests
{
    [Fact]
    public void Paragraphs_are_separated_by_a_blank_line_and_br_breaks_a_line()
    {
        var text = HtmlToText.Convert("<p>First paragraph,<br>second line.</p><p>Second   paragraph.</p>");
        Assert.Equal("First paragraph,\nsecond line.\n\nSecond paragraph.", text);
    }

    [Fact]
    public void Gmail_divs_are_lines_and_empty_divs_blank_lines()
    {
        var text = HtmlToText.Convert("<div dir=\"ltr\">Hi,<div><br></div><div>Line one</div><div>Line two</div></div>");
        Assert.Equal("Hi,\n\nLine one\nLine two", text);
    }

    [Fact]
    public void Lists_get_dashes_or_numbers_and_nested_lists_are_indented()
    {
        var text = HtmlToText.Convert("<ul><li>apples</li><li>pears<ol><li>conference</li><li>williams</li></ol></li></ul>");
        Assert.Equal("- apples\n- pears\n  1. conference\n  2. williams", text);
    }

    [Fact]
    public void Links_show_their_address_after_the_text_unless_the_text_is_the_address()
    {
        var text = HtmlToText.Convert(
            "<p>See <a href=\"https://learn.example.edu/faq\">the FAQ</a>, <a href=\"https://example.org/\">https://example.org</a> and <a href=\"mailto:help@example.edu\">help@example.edu</a>.</p>");
        Assert.Equal("See the FAQ (https://learn.example.edu/faq), https://example.org and help@example.edu.", text);
    }

    [Fact]
    public void Blockquotes_become_quoted_lines_with_one_marker_per_level()
    {
        var text = HtmlToText.Convert("<p>Answer</p><blockquote><p>Question</p><blockquote>Older</blockquote></blockquote>");
        Assert.Equal("Answer\n\n> Question\n>\n>> Older", text);
    }

    [Fact]
    public void Everything_from_gmail_quote_on_is_quoted()
    {
        var text = HtmlToText.Convert(
            "<div dir=\"ltr\">Yes.</div><br><div class=\"gmail_quote\"><div class=\"gmail_attr\">On Thu, Nov 12, 2026 at 6:04 PM Bot wrote:<br></div><div>Is it?</div></div>");
        Assert.StartsWith("Yes.", text, StringComparison.Ordinal);
        Assert.Contains("> On Thu, Nov 12, 2026 at 6:04 PM Bot wrote:", text, StringComparison.Ordinal);
        Assert.Contains("> Is it?", text, StringComparison.Ordinal);
        Assert.Equal("Yes.", ReplyExtractor.Extract(text));
    }

    [Fact]
    public void Everything_after_outlook_appendonsend_is_quoted_even_outside_the_marker()
    {
        var text = HtmlToText.Convert(
            "<div>Done.</div><div id=\"appendonsend\"></div><hr><div id=\"divRplyFwdMsg\"><b>From:</b> Bot<br><b>Sent:</b> today</div><div>Old question</div>");
        Assert.Contains("> From: Bot", text, StringComparison.Ordinal);
        Assert.Contains("> Old question", text, StringComparison.Ordinal);
        Assert.Equal("Done.", ReplyExtractor.Extract(text));
    }

    [Fact]
    public void Divrplyfwdmsg_without_appendonsend_starts_the_quote_too()
    {
        var text = HtmlToText.Convert("<p>Oui.</p><div id=\"divRplyFwdMsg\"><b>De :</b> Bot</div><p>Question ?</p>");
        Assert.Equal("Oui.", ReplyExtractor.Extract(text));
        Assert.Contains("> Question ?", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Gmail_forward_inside_gmail_quote_is_not_quoted()
    {
        var text = HtmlToText.Convert(
            "<div>FYI</div><div class=\"gmail_quote\"><div class=\"gmail_attr\">---------- Forwarded message ---------<br>From: Carol</div><div>The answer.</div></div>");
        Assert.Contains("---------- Forwarded message ---------", text, StringComparison.Ordinal);
        Assert.DoesNotContain("> The answer.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Styles_scripts_and_head_are_dropped_and_entities_decoded()
    {
        var text = HtmlToText.Convert("<html><head><title>T</title><style>p{color:red}</style></head><body><script>alert(1)</script><p>Caf&eacute;&nbsp;&amp; cr&egrave;me</p></body></html>");
        Assert.Equal("Café & crème", text);
    }

    [Fact]
    public void Outlook_msonormal_paragraphs_are_single_lines_and_nbsp_paragraphs_blank_lines()
    {
        var text = HtmlToText.Convert("<p class=\"MsoNormal\">Bonjour,<o:p></o:p></p><p class=\"MsoNormal\"><o:p>&nbsp;</o:p></p><p class=\"MsoNormal\">Ligne 1<o:p></o:p></p><p class=\"MsoNormal\">Ligne 2<o:p></o:p></p>");
        Assert.Equal("Bonjour,\n\nLigne 1\nLigne 2", text);
    }

    [Fact]
    public void Preformatted_text_keeps_its_line_breaks()
    {
        var text = HtmlToText.Convert("<p>Run:</p><pre>pip install pandas\npython main.py</pre>");
        Assert.Equal("Run:\n\npip install pandas\npython main.py", text);
    }

    [Fact]
    public void Thunderbird_cite_prefix_and_blockquote_are_removed_by_the_extractor()
    {
        var html = "<p>Use git restore.</p><div class=\"moz-cite-prefix\">On 11/12/26 6:04 PM, SupportBot wrote:<br></div><blockquote type=\"cite\">How do I unstage?</blockquote>";
        Assert.Equal("Use git restore.", ReplyExtractor.Extract(HtmlToText.Convert(html)));
    }
}
