using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.Text;
using SupportBot.Shared.Email.Replies;

namespace SupportBot.Shared.Email.Incoming;

/// <summary>
/// Reads a received message into an <see cref="IncomingMail"/>: threading ids, sender, reply tokens,
/// what kind of mail it is, the new text and the images. Pure: the message is already parsed.
/// </summary>
public sealed partial class IncomingMailReader
{
    private readonly ReplyTokenFinder _tokens;

    /// <param name="replyLocalPart">The local part before "+q.&lt;token&gt;" in SupportBot's reply addresses.</param>
    public IncomingMailReader(string replyLocalPart = "support")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(replyLocalPart);
        if (replyLocalPart.IndexOfAny(['+', '@', ' ']) >= 0)
        {
            throw new ArgumentException("The reply local part must not contain '+', '@' or spaces.", nameof(replyLocalPart));
        }

        _tokens = new ReplyTokenFinder(replyLocalPart);
    }

    // Forward prefixes in the languages of common clients; a forward's header block is content, not history.
    [GeneratedRegex(@"^\s*(?:fwd?|fw|tr|wg|rv|enc|i|doorst|vs|vb|fs|πρθ)\s*:", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ForwardSubject();

    [GeneratedRegex(@"^-- (?=\r?$)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex SignatureDelimiter();

    /// <param name="sent">What we sent in the thread this message answers, when known (see <see cref="SentCopy"/>).</param>
    public IncomingMail Read(MimeMessage message, SentCopy? sent = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var from = message.From.Mailboxes.FirstOrDefault() ?? message.Sender;
        var (text, holdReason) = ReadText(message, from?.Name, sent);
        var (images, tooLarge) = Images(message);
        return new IncomingMail(
            MessageId: NullIfEmpty(message.MessageId),
            InReplyTo: NullIfEmpty(message.InReplyTo),
            References: [.. message.References],
            FromAddress: NullIfEmpty(from?.Address),
            FromName: NullIfEmpty(from?.Name),
            ReplyTokens: _tokens.Find(message.Headers),
            Classification: AutoReplyDetector.Classify(message),
            NewText: text,
            Images: images)
        {
            HoldReason = holdReason,
            TooLargeImages = tooLarge,
        };
    }

    /// <summary>The sender's new text: text/plain when it has any, else the HTML body converted.</summary>
    /// <exception cref="MailTooLargeException">The body is over the size the reader reads automatically.</exception>
    /// <param name="quoteContext">Re-quote above each inline answer the sentence it answers, as the chat shows it.</param>
    public static string NewText(MimeMessage message, SentCopy? sent = null, bool quoteContext = true)
    {
        ArgumentNullException.ThrowIfNull(message);
        var (text, holdReason) = ReadText(message, (message.From.Mailboxes.FirstOrDefault() ?? message.Sender)?.Name, sent, quoteContext);
        return holdReason is null ? text : throw new MailTooLargeException(holdReason);
    }

    /// <summary>The new text, or why the body is not read automatically (too large: a person reads it).</summary>
    private static (string Text, string? HoldReason) ReadText(MimeMessage message, string? senderName, SentCopy? sent, bool quoteContext = true)
    {
        ArgumentNullException.ThrowIfNull(message);
        var isForward = ForwardSubject().IsMatch(message.Subject ?? "");
        if (FindBody(message.Body, "plain") is { } plain && PlainText(plain) is { Length: > 0 } text && !string.IsNullOrWhiteSpace(text))
        {
            return text.Length > MaxBodyChars
                ? ("", TooLarge("text", text.Length))
                : (ReplyExtractor.Extract(text, isForward, senderName, sent, quoteContext), null);
        }

        if (FindBody(message.Body, "html") is { } html && html.Text is { } markup && !string.IsNullOrWhiteSpace(markup))
        {
            return markup.Length > MaxBodyChars
                ? ("", TooLarge("HTML", markup.Length))
                : (ReplyExtractor.Extract(HtmlToText.Convert(markup), isForward, senderName, sent, quoteContext), null);
        }

        return ("", null);
    }

    /// <summary>
    /// Bodies above this are held for a person rather than read: a reply is a few kilobytes, and the
    /// reader's time grows with the size (linearly, see bench/run-replies.sh html), so this bounds it.
    /// </summary>
    public const int MaxBodyChars = 1_000_000;

    /// <summary>Images above this (decoded size, estimated from the encoded one) are not relayed.</summary>
    public const long MaxImageBytes = 5 * 1024 * 1024;

    private static string TooLarge(string kind, int chars) =>
        $"{kind} body of {chars / 1024:N0} K characters, over the {MaxBodyChars / 1024:N0} K read automatically";

    /// <summary>
    /// The first body part of the subtype that is not an attachment, depth first; forwarded
    /// messages attached as message/rfc822 are not entered.
    /// </summary>
    private static TextPart? FindBody(MimeEntity? entity, string subtype) => entity switch
    {
        TextPart text when !text.IsAttachment && text.ContentType.IsMimeType("text", subtype) => text,
        Multipart multipart => multipart.Select(child => FindBody(child, subtype)).FirstOrDefault(found => found is not null),
        _ => null,
    };

    /// <summary>The part's text with format=flowed soft line breaks joined, so an attribution is one line again.</summary>
    private static string PlainText(TextPart part)
    {
        var text = part.Text ?? "";
        if (!string.Equals(part.ContentType.Parameters["format"], "flowed", StringComparison.OrdinalIgnoreCase))
        {
            return text;
        }

        // "-- " is the one line flowed text must not join; MimeKit joins it, so it loses its trailing space first.
        text = SignatureDelimiter().Replace(text, "--");
        var converter = new FlowedToText
        {
            DeleteSpace = string.Equals(part.ContentType.Parameters["delsp"], "yes", StringComparison.OrdinalIgnoreCase),
        };
        return converter.Convert(text);
    }

    private static (List<MailImage> Images, List<TooLargeImage> TooLarge) Images(MimeMessage message)
    {
        var images = new List<MailImage>();
        var tooLarge = new List<TooLargeImage>();
        foreach (var part in message.BodyParts.OfType<MimePart>().Where(p => p.ContentType.MediaType.Equals("image", StringComparison.OrdinalIgnoreCase)))
        {
            var fileName = part.FileName is { Length: > 0 } name
                ? Path.GetFileName(name)
                : $"image{images.Count + tooLarge.Count + 1}.{part.ContentType.MediaSubtype.ToLowerInvariant()}";

            // Base64 is 4/3 of the bytes: a 50 MB attachment is not decoded, only named.
            if (part.Content?.Stream is { CanSeek: true } encoded && encoded.Length * 3 / 4 > MaxImageBytes)
            {
                tooLarge.Add(new TooLargeImage(fileName, part.ContentType.MimeType.ToLowerInvariant(), encoded.Length * 3 / 4));
                continue;
            }

            using var bytes = new MemoryStream();
            part.Content?.DecodeTo(bytes);
            var isInline = part.ContentDisposition is null
                ? part.ContentId is not null
                : part.ContentDisposition.Disposition.Equals(ContentDisposition.Inline, StringComparison.OrdinalIgnoreCase);
            images.Add(new MailImage(fileName, part.ContentType.MimeType.ToLowerInvariant(), bytes.ToArray(), NullIfEmpty(part.ContentId), isInline));
        }

        return (images, tooLarge);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
