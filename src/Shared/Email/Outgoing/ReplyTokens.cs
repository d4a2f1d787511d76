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
    public static string New() => Base64Url(RandomNumberGenerator.GetBytes(RandomBytes));

    internal static string Base64Url(ReadOnlySpan<byte> bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static byte[]? FromBase64Url(string value)
    {
        var padded = value.Replace('-', '+').Replace('_', '/');
        padded += (padded.Length % 4) switch { 2 => "==", 3 => "=", _ => "" };
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
