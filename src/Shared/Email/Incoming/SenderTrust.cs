using System.Text;
using MimeKit;
using MimeKit.Cryptography;

namespace SupportBot.Shared.Email.Incoming;

/// <summary>What our receiving server said of the sender's domain (DMARC), as far as we can trust it.</summary>
public enum DmarcVerdict
{
    /// <summary>Not checked (no authserv-id configured) or not reported by our server.</summary>
    Unknown,
    Pass,

    /// <summary>The From domain failed DMARC at our server: the From header may be forged.</summary>
    Fail,
}

/// <summary>
/// Reads the DMARC result from the Authentication-Results header our own receiving server wrote
/// (RFC 8601). Only the topmost header counts, and only when it carries the configured authserv-id:
/// anything below it, or with another id, came with the message and may be written by the sender.
/// </summary>
public static class SenderTrust
{
    public static DmarcVerdict Dmarc(MimeMessage message, string? authServId)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(authServId))
        {
            return DmarcVerdict.Unknown;
        }

        var topmost = message.Headers.FirstOrDefault(h => h.Id == HeaderId.AuthenticationResults);
        if (topmost is null || !AuthenticationResults.TryParse(Encoding.UTF8.GetBytes(topmost.Value), out var results))
        {
            return DmarcVerdict.Unknown;
        }

        // Microsoft 365 writes no leading authserv-id but names itself inside each result.
        var fromOurServer = Same(results.AuthenticationServiceIdentifier, authServId)
            || results.Results.Any(r => Same(r.Office365AuthenticationServiceIdentifier, authServId));
        if (!fromOurServer)
        {
            return DmarcVerdict.Unknown;
        }

        var dmarc = results.Results.FirstOrDefault(r => string.Equals(r.Method, "dmarc", StringComparison.OrdinalIgnoreCase));
        return dmarc?.Result?.ToLowerInvariant() switch
        {
            "pass" or "bestguesspass" => DmarcVerdict.Pass,
            "fail" => DmarcVerdict.Fail,
            _ => DmarcVerdict.Unknown,
        };
    }

    private static bool Same(string? a, string b) => string.Equals(a?.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
