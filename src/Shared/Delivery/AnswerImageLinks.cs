using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Shared.Delivery;

/// <summary>
/// Signed, expiring download links to one image of an answer, for images too large (or too many)
/// to show in the chat: "answers/&lt;answer&gt;/images/&lt;index&gt;?e=&lt;unix expiry&gt;&amp;s=&lt;HMAC&gt;". The
/// signature is the only credential: the learner opens it from Teams or the web chat, where the bot
/// cannot set a cookie. Keyed by OutgoingMail:UnsubscribeSigningKey under its own label, which the
/// worker that relays and the web host that serves both have.
/// </summary>
public sealed class AnswerImageLinks(IOptions<OutgoingMailOptions> options, ReplyAddresses addresses, TimeProvider clock)
{
    public const string PathPrefix = "answers/";

    public string For(Guid answerId, int index, TimeSpan lifetime)
    {
        var expires = (clock.GetUtcNow() + lifetime).ToUnixTimeSeconds();
        return addresses.Link(string.Create(CultureInfo.InvariantCulture,
            $"{PathPrefix}{answerId:D}/images/{index}?e={expires}&s={Signature(answerId, index, expires)}"));
    }

    /// <summary>True for a link we made that has not expired.</summary>
    public bool IsValid(Guid answerId, int index, long expires, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || signature.Length != 32 || index < 0
            || DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(expires, 0, 253402300799)) <= clock.GetUtcNow())
        {
            return false;
        }

        return CryptographicOperations.FixedTimeEquals(
            Encoding.ASCII.GetBytes(Signature(answerId, index, expires)), Encoding.ASCII.GetBytes(signature.ToLowerInvariant()));
    }

    private string Signature(Guid answerId, int index, long expires) => Convert.ToHexStringLower(MailSigning.Mac(
        "answer-image", options.Value.UnsubscribeSigningKey,
        string.Create(CultureInfo.InvariantCulture, $"{answerId:D}\n{index}\n{expires}")))[..32];
}
