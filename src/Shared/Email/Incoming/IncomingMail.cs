namespace SupportBot.Shared.Email.Incoming;

/// <summary>What SupportBot needs from one received message, read without any I/O.</summary>
/// <param name="MessageId">Message-Id without angle brackets, null when missing.</param>
/// <param name="InReplyTo">In-Reply-To without angle brackets, null when missing.</param>
/// <param name="References">References, oldest first, without angle brackets.</param>
/// <param name="ReplyTokens">Candidate tokens from support+q.&lt;token&gt;@… addresses in To, Cc, Delivered-To,
/// X-Original-To (and Envelope-To), in that order, without duplicates; still to be verified by the caller.</param>
/// <param name="NewText">What the sender wrote (text/plain preferred, else the HTML converted), quotes and signature removed.</param>
/// <param name="Images">Image attachments and inline images, in message order.</param>
public sealed record IncomingMail(
    string? MessageId,
    string? InReplyTo,
    IReadOnlyList<string> References,
    string? FromAddress,
    string? FromName,
    IReadOnlyList<string> ReplyTokens,
    MailClassification Classification,
    string NewText,
    IReadOnlyList<MailImage> Images)
{
    public IncomingMailKind Kind => Classification.Kind;

    /// <summary>Why the body was not read automatically (too large): the reply is held for a tutor instead of relayed.</summary>
    public string? HoldReason { get; init; }

    /// <summary>Images over <see cref="IncomingMailReader.MaxImageBytes"/>, not decoded: named to the learner, never dropped silently.</summary>
    public IReadOnlyList<TooLargeImage> TooLargeImages { get; init; } = [];
}

/// <param name="Bytes">The decoded size, estimated from the encoded one.</param>
public sealed record TooLargeImage(string FileName, string ContentType, long Bytes);

/// <summary>A body over <see cref="IncomingMailReader.MaxBodyChars"/>: held for review, not read.</summary>
public sealed class MailTooLargeException : Exception
{
    public MailTooLargeException()
    {
    }

    public MailTooLargeException(string message)
        : base(message)
    {
    }

    public MailTooLargeException(string message, Exception inner)
        : base(message, inner)
    {
    }
}

/// <param name="ContentId">The cid an HTML body refers to, for inline images; null for attachments.</param>
public sealed record MailImage(string FileName, string ContentType, byte[] Content, string? ContentId, bool IsInline);
