using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Shared.Email.Outgoing;

/// <summary>
/// Message-IDs derived from the send log key, so a resend after a crash carries the same id and the
/// recipient's client shows it once (see <see cref="Delivery.SendLog"/>).
/// </summary>
public static class MessageIds
{
    public const string Prefix = "sb.";

    /// <summary>"sb.&lt;32 hex of SHA-256(key)&gt;@domain", without angle brackets (MimeKit's form).</summary>
    public static string For(string sendKey, string domain) =>
        Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sendKey)))[..32] + "@" + domain;
}
