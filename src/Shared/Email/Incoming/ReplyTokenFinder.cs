using System.Text.RegularExpressions;
using MimeKit;

namespace SupportBot.Shared.Email.Incoming;

/// <summary>
/// Finds the reply tokens SupportBot put in its plus-addresses (support+q.&lt;token&gt;@domain) in the
/// headers a reply may carry them in: a client may drop the address from To, while the
/// receiving server still records it in Delivered-To or X-Original-To.
/// </summary>
internal sealed partial class ReplyTokenFinder(string localPart)
{
    private static readonly string[] AddressHeaders = ["To", "Cc", "Delivered-To", "X-Original-To", "Envelope-To", "X-Envelope-To"];

    // Tokens are url-safe base64 or hex; case matters for base64, so the token is kept as written.
    [GeneratedRegex(@"^(?<local>[^+@\s]+)\+q\.(?<token>[A-Za-z0-9_-]{22,256})@[^@\s]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PlusAddress();

    [GeneratedRegex(@"[^\s<>,;:""'()\[\]]+@[^\s<>,;:""'()\[\]]+", RegexOptions.CultureInvariant)]
    private static partial Regex BareAddress();

    public IReadOnlyList<string> Find(HeaderList headers)
    {
        var tokens = new List<string>();
        foreach (var address in RecipientAddresses(headers))
        {
            var match = PlusAddress().Match(address);
            if (match.Success && match.Groups["local"].Value.Equals(localPart, StringComparison.OrdinalIgnoreCase)
                && !tokens.Contains(match.Groups["token"].Value, StringComparer.Ordinal))
            {
                tokens.Add(match.Groups["token"].Value);
            }
        }

        return tokens;
    }

    /// <summary>Every address the message was sent to, as the headers that may carry it record it.</summary>
    internal static IEnumerable<string> RecipientAddresses(HeaderList headers)
    {
        foreach (var name in AddressHeaders)
        {
            foreach (var header in headers.Where(h => h.Field.Equals(name, StringComparison.OrdinalIgnoreCase)))
            {
                foreach (var address in Addresses(header.Value))
                {
                    yield return address.Trim();
                }
            }
        }
    }

    private static IEnumerable<string> Addresses(string value)
    {
        // Delivered-To and X-Original-To hold a bare address; To and Cc an address list. Either way.
        if (InternetAddressList.TryParse(value, out var list) && list.Mailboxes.Any())
        {
            return list.Mailboxes.Select(m => m.Address);
        }

        return BareAddress().Matches(value).Select(m => m.Value);
    }
}
