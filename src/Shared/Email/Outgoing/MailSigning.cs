using System.Security.Cryptography;
using System.Text;

namespace SupportBot.Shared.Email.Outgoing;

/// <summary>
/// HMAC-SHA-256 under the one mail signing secret (<c>OutgoingMail:UnsubscribeSigningKey</c>), with the
/// purpose prefixed to the key so that a token made for one use (a Message-ID, a return path, an image
/// link) can never pass as another. Unsubscribe tokens predate the purposes and keep the bare key, so
/// links already sent stay valid.
/// </summary>
public static class MailSigning
{
    public static byte[] Mac(string purpose, string secret, ReadOnlySpan<byte> payload) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(purpose.Length == 0 ? secret : purpose + "\n" + secret), payload);

    public static byte[] Mac(string purpose, string secret, string payload) => Mac(purpose, secret, Encoding.UTF8.GetBytes(payload));
}
