using System.Buffers.Text;
using System.Security.Cryptography;

namespace SupportBot.Shared.Email.Outgoing;

/// <summary>
/// The token in a reply address names one question recipient, and anyone holding it can answer in
/// their name: 192 random bits (above the 128 the threat needs), never derived from ids.
/// </summary>
public static class ReplyTokens
{
    public const int RandomBytes = 24;

    /// <summary>32 characters of base64url (A-Z a-z 0-9 - _), what ReplyTokenFinder accepts.</summary>
    public static string New() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(RandomBytes));
}
