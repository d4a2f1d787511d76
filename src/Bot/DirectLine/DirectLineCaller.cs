using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.DirectLine;

/// <summary>Who is calling a Direct Line route: a holder of the secret, or of a token for one conversation.</summary>
internal sealed record DirectLineCaller(bool HasSecret, DirectLineGrant? Grant)
{
    public bool MayUse(string conversationId) => HasSecret || Grant?.ConversationId == conversationId;

    /// <summary>Reads `Authorization: Bearer` (or the `t` query parameter a WebSocket cannot put in a header).</summary>
    /// <returns>The caller, or null with the reason and whether a once valid token expired (Direct Line answers that with 403 TokenExpired).</returns>
    public static async Task<(DirectLineCaller? Caller, string? Error, bool Expired)> AuthenticateAsync(HttpContext http, DirectLineTokens tokens, IOptions<DirectLineOptions> options)
    {
        var header = http.Request.Headers.Authorization.ToString();
        var credential = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : http.Request.Query["t"].ToString();
        if (string.IsNullOrEmpty(credential))
        {
            return (null, "missing Authorization: Bearer token", false);
        }

        var secret = options.Value.Secret;
        if (!string.IsNullOrEmpty(secret)
            && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(credential), Encoding.UTF8.GetBytes(secret)))
        {
            return (new DirectLineCaller(true, null), null, false);
        }

        var (grant, error, expired) = await tokens.ValidateAsync(credential);
        return grant is null ? (null, error, expired) : (new DirectLineCaller(false, grant), null, false);
    }
}
