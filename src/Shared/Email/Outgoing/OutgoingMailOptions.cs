using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Email.Outgoing;

public sealed class OutgoingMailOptions : IValidatableObject
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

    /// <summary>
    /// Local part of the signed return path (envelope sender) "&lt;local&gt;+b.&lt;token&gt;@ReplyDomain", so a
    /// bounce names the message it is about even when it quotes none of it; the IMAP mailbox must
    /// receive its plus-addresses. Empty = off: the envelope sender is Smtp:FromAddress.
    /// </summary>
    [RegularExpression(@"^$|^[A-Za-z0-9._-]+$", ErrorMessage = "must be empty (off) or a plain local part without '+' or '@'")]
    public string BounceLocalPart { get; set; } = "";

    /// <summary>How long a return path stays valid: bounces come within days, a later one is not believed.</summary>
    public TimeSpan BounceTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // RFC 5321 caps a local part at 64 octets, and many servers refuse longer ones.
        if (BounceLocalPart.Length > ReturnPaths.MaxLocalPartLength)
        {
            yield return new ValidationResult(
                $"must be at most {ReturnPaths.MaxLocalPartLength} characters (the return path adds '+b.' and a {ReturnPaths.TokenLength}-character token, and a local part is at most 64)",
                [nameof(BounceLocalPart)]);
        }

        if (BounceTokenLifetime < TimeSpan.FromDays(1) || BounceTokenLifetime > TimeSpan.FromDays(365))
        {
            yield return new ValidationResult("must be between 1.00:00:00 and 365.00:00:00 (bounces arrive within days)", [nameof(BounceTokenLifetime)]);
        }
    }
}
