using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Email.Outgoing;

/// <summary>
/// Signed one-click unsubscribe tokens (RFC 8058): person id and category, with an HMAC-SHA256 tag
/// (128 bits) so nobody can opt someone else out by guessing. No state: a token works for as long
/// as the key is unchanged.
/// </summary>
public sealed class UnsubscribeTokens(IOptions<OutgoingMailOptions> options)
{
    private const int PayloadLength = 17;
    private const int TagLength = 16;

    public string Create(Guid personId, string category)
    {
        var index = IndexOf(category);
        var bytes = new byte[PayloadLength + TagLength];
        personId.TryWriteBytes(bytes.AsSpan(0, 16));
        bytes[16] = (byte)index;
        Tag(bytes.AsSpan(0, PayloadLength)).AsSpan(0, TagLength).CopyTo(bytes.AsSpan(PayloadLength));
        return Base64Url.EncodeToString(bytes);
    }

    /// <summary>The person and category of a genuine token; null for anything forged, truncated or malformed.</summary>
    public UnsubscribeRequest? Read(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 64 || !Base64Url.IsValid(token) || Base64Url.DecodeFromChars(token) is not { Length: PayloadLength + TagLength } bytes)
        {
            return null;
        }

        var expected = Tag(bytes.AsSpan(0, PayloadLength)).AsSpan(0, TagLength);
        if (!CryptographicOperations.FixedTimeEquals(expected, bytes.AsSpan(PayloadLength)) || bytes[16] >= EmailCategories.All.Count)
        {
            return null;
        }

        return new UnsubscribeRequest(new Guid(bytes.AsSpan(0, 16)), EmailCategories.All[bytes[16]]);
    }

    private byte[] Tag(ReadOnlySpan<byte> payload) =>
        MailSigning.Mac("", options.Value.UnsubscribeSigningKey, payload);

    private static int IndexOf(string category)
    {
        for (var i = 0; i < EmailCategories.All.Count; i++)
        {
            if (EmailCategories.All[i] == category)
            {
                return i;
            }
        }

        throw new ArgumentException($"Unknown email category '{category}'.", nameof(category));
    }
}

public sealed record UnsubscribeRequest(Guid PersonId, string Category);
