using System.Text;
using MimeKit;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Email.Replies;

namespace SupportBot.Tests.Email;

/// <summary>Messages written to hurt the reader: each is read (or held) without crashing or stalling it.</summary>
public sealed class HostileMailTests
{
    private static readonly IncomingMailReader Reader = new();

    private static MimeMessage Html(string html)
    {
        var message = new MimeMessage { Subject = "Re: question", MessageId = "hostile@example.org" };
        message.From.Add(new MailboxAddress("Mallory", "mallory@example.org"));
        message.Body = new TextPart("html") { Text = html };
        return message;
    }

    private static string Nested(int depth, string open, string close, string inner) =>
        string.Concat(Enumerable.Repeat(open, depth)) + inner + string.Concat(Enumerable.Repeat(close, depth));

    [Theory]
    [InlineData("<div>", "</div>")]
    [InlineData("<blockquote>", "</blockquote>")]
    [InlineData("<span>", "</span>")]
    [InlineData("<table><tr><td>", "</td></tr></table>")]
    public void A_nesting_bomb_under_the_size_cap_is_read_without_overflowing_the_stack(string open, string close)
    {
        var html = Nested(20_000, open, close, "the answer is in chapter 4");
        Assert.True(html.Length < IncomingMailReader.MaxBodyChars);

        var mail = Reader.Read(Html(html));

        Assert.Null(mail.HoldReason);
        Assert.Contains("the answer is in chapter 4", mail.NewText, StringComparison.Ordinal);
    }

    [Fact]
    public void Unclosed_formatting_elements_are_read_and_keep_their_text()
    {
        var html = "<p>Use pandas.</p>" + string.Concat(Enumerable.Repeat("<b><i><font>x", 20_000));

        var text = HtmlToText.Convert(html);

        Assert.StartsWith("Use pandas.", text, StringComparison.Ordinal);
        Assert.Equal(20_000, text.Count(c => c == 'x'));
    }

    [Fact]
    public void Depth_limiter_keeps_ordinary_mail_untouched()
    {
        const string html = "<html><body><div><p>One<p>Two<ul><li>a<li>b</ul><blockquote><div>quoted</div></blockquote></div><!-- c --></body></html>";

        Assert.Equal(html, HtmlDepthLimiter.Flatten(html, HtmlDepthLimiter.DefaultMaxDepth));
    }

    [Fact]
    public void An_html_body_over_the_cap_is_held_for_review_with_the_reason_not_read()
    {
        var html = "<p>" + new string('a', IncomingMailReader.MaxBodyChars) + "</p>";

        var mail = Reader.Read(Html(html));

        Assert.Equal("", mail.NewText);
        Assert.Contains("over the", mail.HoldReason, StringComparison.Ordinal);
        Assert.Throws<MailTooLargeException>(() => IncomingMailReader.NewText(Html(html)));
    }

    [Fact]
    public void A_50_MB_image_attachment_is_neither_decoded_nor_relayed_and_the_text_is_read()
    {
        var builder = new BodyBuilder { TextBody = "See the screenshot.\n\nOn Tue, Dec 1, 2026 at 10:04 AM SupportBot <support@example.edu> wrote:\n> Which version?" };
        builder.Attachments.Add("huge.png", new byte[50 * 1024 * 1024], new ContentType("image", "png"));
        builder.Attachments.Add("small.png", new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, new ContentType("image", "png"));
        var message = new MimeMessage { Subject = "Re: question" };
        message.From.Add(new MailboxAddress("Bob", "bob@example.org"));
        message.Body = builder.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;

        var mail = Reader.Read(MimeMessage.Load(stream));

        Assert.Equal("See the screenshot.", mail.NewText);
        Assert.Equal("small.png", Assert.Single(mail.Images).FileName);
    }

    [Theory]
    [InlineData("x-no-such-charset")]
    [InlineData("utf-7")]
    [InlineData("")]
    public void An_invalid_charset_is_read_as_text_not_an_error(string charset)
    {
        var raw = $"From: Bob <bob@example.org>\r\nSubject: Re: q\r\nContent-Type: text/plain; charset=\"{charset}\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\nR\u00e9ponse : chapitre 4.\r\n";

        var mail = Reader.Read(MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(raw))));

        Assert.Contains("chapitre 4", mail.NewText, StringComparison.Ordinal);
    }

    [Fact]
    public void Multiparts_nested_thousands_deep_with_a_repeated_boundary_are_read()
    {
        // The same boundary at every level, as a MIME "loop" would look once parsed.
        var raw = new StringBuilder("From: Bob <bob@example.org>\r\nSubject: Re: q\r\nMIME-Version: 1.0\r\n");
        for (var i = 0; i < 5_000; i++)
        {
            raw.Append("Content-Type: multipart/mixed; boundary=\"loop\"\r\n\r\n--loop\r\n");
        }

        raw.Append("Content-Type: text/plain\r\n\r\nChapter 4.\r\n--loop--\r\n");

        var mail = Reader.Read(MimeMessage.Load(new MemoryStream(Encoding.ASCII.GetBytes(raw.ToString()))));

        Assert.NotNull(mail);
    }
}
