using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Email.Outgoing;

public sealed class OutgoingMailOptions
{
    public const string SectionName = "OutgoingMail";

    /// <summary>Domain of reply addresses (support+q.&lt;token&gt;@domain) and of our Message-IDs; empty = the domain of Smtp:FromAddress.</summary>
    [RegularExpression(@"^$|^[A-Za-z0-9.-]+$", ErrorMessage = "must be a domain name such as example.edu")]
    public string ReplyDomain { get; set; } = "";

    /// <summary>Local part before "+q.&lt;token&gt;"; the IMAP mailbox must receive its plus-addresses.</summary>
    [Required(ErrorMessage = "is required")]
    [RegularExpression(@"^[A-Za-z0-9._-]+$", ErrorMessage = "must be a plain local part without '+' or '@'")]
    public string ReplyLocalPart { get; set; } = "support";

    /// <summary>The bot's public address, for links in mail (unsubscribe, question page).</summary>
    [Required(ErrorMessage = "is required (the bot's public https address, e.g. https://support.example.edu)")]
    [Url(ErrorMessage = "must be an absolute http(s) URL")]
    public string PublicBaseUrl { get; set; } = "";

    /// <summary>HMAC key signing one-click unsubscribe links, and (under its own label) keying our Message-IDs.</summary>
    [Required(ErrorMessage = "is required (at least 32 random characters)")]
    [MinLength(32, ErrorMessage = "must be at least 32 characters")]
    public string UnsubscribeSigningKey { get; set; } = "";
}
