
namespace SupportBot.Shared.Email.Outgoing;

/// <summary>
/// Message-IDs derived from the send log key, so a resend after a crash carries the same id and the
/// recipient's client shows it once (see <see cref="Delivery.SendLog"/>). Keyed with a secret: send
/// keys are made of database ids, and a Message-ID anyone could compute would let a forged bounce
/// or reply pass as one about our mail.
/// </summary>
public static class MessageIds
{
    public const string Prefix = "sb.";

    /// <summary>"sb.&lt;32 hex of HMAC-SHA-256(secret, key)&gt;@domain", without angle brackets (MimeKit's form).</summary>
    public static string For(string sendKey, string domain, string secret) =>
        Prefix + Convert.ToHexStringLower(MailSigning.Mac("message-id", secret, sendKey))[..32]
        + "@" + domain;
}
