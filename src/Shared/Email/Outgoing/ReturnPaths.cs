using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SupportBot.Shared.Email.Outgoing;

/// <summary>
/// Signed return paths (VERP): each message we send leaves with the envelope sender
/// "&lt;local&gt;+b.&lt;token&gt;@domain", where the token carries the message's Message-ID, an expiry and an
/// HMAC over both. Bounces go to the envelope sender, so a bounce that quotes nothing of our message
/// (many servers quote nothing) still says which message, and so which recipient, failed; nobody
/// without the key can make one that names someone else, and an old one stops counting.
/// </summary>
/// <remarks>
/// The token names the Message-ID rather than the address: an address does not fit in the 64
/// octets of a local part, and the send log already maps our Message-IDs to their recipient. The
/// key is OutgoingMail:UnsubscribeSigningKey under its own label, not the web host's Data
/// Protection key ring: the worker sends and reads mail without it. Lower-case base32, as some
/// servers change the case of local parts.
/// </remarks>
public sealed class ReturnPaths(IOptions<OutgoingMailOptions> options, ReplyAddresses addresses, TimeProvider clock)
{
    public const string Tag = "b.";

    private const int DigestLength = 16;
    private const int ExpiryLength = 4;
    private const int MacLength = 8;
    private const int PayloadLength = DigestLength + ExpiryLength;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly SearchValues<char> LowerHex = SearchValues.Create("0123456789abcdef");

    /// <summary>Characters of a token: 28 bytes in base32.</summary>
    public const int TokenLength = ((PayloadLength + MacLength) * 8 + 4) / 5;

    /// <summary>The longest OutgoingMail:BounceLocalPart that keeps the return path's local part within 64 octets.</summary>
    public const int MaxLocalPartLength = 64 - 1 - 2 - TokenLength;

    public bool Enabled => options.Value.BounceLocalPart.Length > 0;

    /// <summary>
    /// The envelope sender for <paramref name="message"/>: its signed return path, or null (send with
    /// the default, the From address) when return paths are off or the message has no Message-ID of ours.
    /// </summary>
    public MailboxAddress? EnvelopeSenderFor(MimeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Enabled && Digest(message.MessageId) is { } digest
            ? new MailboxAddress("", $"{options.Value.BounceLocalPart}+{Tag}{Create(digest)}@{addresses.Domain}")
            : null;
    }

    /// <summary>The token for the Message-ID <paramref name="messageId"/>; null when it is not one of ours.</summary>
    public string? TokenFor(string messageId) => Digest(messageId) is { } digest ? Create(digest) : null;

    /// <summary>What a token says: the Message-ID it was made for, or why it is not believed.</summary>
    public ReturnPathToken Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length != TokenLength || FromBase32(token) is not { } bytes)
        {
            return new ReturnPathToken(ReturnPathVerdict.Forged, null);
        }

        var expected = Mac(bytes.AsSpan(0, PayloadLength));
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadLength)))
        {
            return new ReturnPathToken(ReturnPathVerdict.Forged, null);
        }

        var messageId = MessageIds.Prefix + Convert.ToHexStringLower(bytes.AsSpan(0, DigestLength)) + "@" + addresses.Domain;
        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(DigestLength, ExpiryLength)));
        return expires <= clock.GetUtcNow()
            ? new ReturnPathToken(ReturnPathVerdict.Expired, messageId)
            : new ReturnPathToken(ReturnPathVerdict.Valid, messageId);
    }

    /// <summary>Whether <paramref name="localPart"/> is our bounce local part (the part before "+b.").</summary>
    public bool IsBounceLocalPart(string localPart) =>
        Enabled && localPart.Equals(options.Value.BounceLocalPart, StringComparison.OrdinalIgnoreCase);

    private string Create(byte[] digest)
    {
        var bytes = new byte[PayloadLength + MacLength];
        digest.CopyTo(bytes, 0);
        var expires = clock.GetUtcNow() + options.Value.BounceTokenLifetime;
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(DigestLength), (uint)expires.ToUnixTimeSeconds());
        Mac(bytes.AsSpan(0, PayloadLength)).CopyTo(bytes.AsSpan(PayloadLength));
        return ToBase32(bytes);
    }

    /// <summary>The 16 bytes of one of our Message-IDs ("sb.&lt;32 hex&gt;@our domain"); null for any other.</summary>
    private byte[]? Digest(string? messageId)
    {
        var id = messageId?.Trim('<', '>') ?? "";
        var hex = MessageIds.Prefix.Length;
        return id.StartsWith(MessageIds.Prefix, StringComparison.Ordinal)
            && id.Length == hex + (DigestLength * 2) + 1 + addresses.Domain.Length
            && id[hex + (DigestLength * 2)] == '@'
            && id.EndsWith(addresses.Domain, StringComparison.OrdinalIgnoreCase)
            && !id.AsSpan(hex, DigestLength * 2).ContainsAnyExcept(LowerHex)
            ? Convert.FromHexString(id.AsSpan(hex, DigestLength * 2))
            : null;
    }

    private byte[] Mac(ReadOnlySpan<byte> payload) =>
        MailSigning.Mac("return-path", options.Value.UnsubscribeSigningKey, payload)[..MacLength];

    private static string ToBase32(byte[] bytes)
    {
        var text = new StringBuilder(TokenLength);
        int buffer = 0, bits = 0;
        foreach (var b in bytes)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }

    /// <returns>Null when a character is outside the alphabet or the unused trailing bits are not zero.</returns>
    private static byte[]? FromBase32(string text)
    {
        var bytes = new byte[text.Length * 5 / 8];
        int buffer = 0, bits = 0, index = 0;
        foreach (var c in text)
        {
            var value = Alphabet.IndexOf(char.ToLowerInvariant(c), StringComparison.Ordinal);
            if (value < 0)
            {
                return null;
            }

            buffer = ((buffer << 5) | value) & 0xFFFF;
            bits += 5;
            if (bits >= 8)
            {
                bytes[index++] = (byte)(buffer >> (bits - 8));
                bits -= 8;
            }
        }

        return (buffer & ((1 << bits) - 1)) == 0 ? bytes : null;
    }
}

public enum ReturnPathVerdict
{
    Valid,

    /// <summary>Not made with our key: malformed, altered, or made up.</summary>
    Forged,

    /// <summary>Genuine but past its lifetime (OutgoingMail:BounceTokenLifetime).</summary>
    Expired,
}

/// <param name="MessageId">The Message-ID the token was made for; null when forged.</param>
public sealed record ReturnPathToken(ReturnPathVerdict Verdict, string? MessageId);
