using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace SupportBot.Bench.Channels;

/// <summary>
/// Signs learner links as the course platform does (HS256 JWT with LearnerLinks:SigningKey under its
/// key id "1", issuer supportbot-course-platform, audience supportbot), so the Direct Line phase needs
/// no CLI call per learner.
/// </summary>
internal static class LearnerLinkSigner
{
    public static string Sign(string key, string learnerId, string name, string email, string locale, string timeZone, TimeSpan lifetime)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new { alg = "HS256", typ = "JWT", kid = "1" }));
        var payload = Base64Url(JsonSerializer.SerializeToUtf8Bytes(new
        {
            sub = learnerId,
            name,
            email,
            locale,
            tz = timeZone,
            iss = "supportbot-course-platform",
            aud = "supportbot",
            iat = now,
            exp = now + (long)lifetime.TotalSeconds,
        }));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.ASCII.GetBytes($"{header}.{payload}"));
        return $"{header}.{payload}.{Base64Url(signature)}";
    }

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
