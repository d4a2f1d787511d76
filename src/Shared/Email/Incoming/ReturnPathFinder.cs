using MimeKit;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Shared.Email.Incoming;

/// <summary>
/// Finds the signed return paths ("&lt;bounce local part&gt;+b.&lt;token&gt;@…") a bounce was sent to, in the
/// same headers as reply tokens: a DSN is addressed to the envelope sender of the failed message.
/// </summary>
public sealed class ReturnPathFinder(ReturnPaths returnPaths)
{
    /// <summary>The tokens, as written, at most a few: a message naming dozens is not a bounce from one server.</summary>
    public IReadOnlyList<string> Find(HeaderList headers)
    {
        ArgumentNullException.ThrowIfNull(headers);
        var tokens = new List<string>();
        if (!returnPaths.Enabled)
        {
            return tokens;
        }

        foreach (var address in ReplyTokenFinder.RecipientAddresses(headers))
        {
            var at = address.LastIndexOf('@');
            var plus = at < 0 ? -1 : address.IndexOf('+', StringComparison.Ordinal);
            if (plus <= 0 || plus > at
                || !returnPaths.IsBounceLocalPart(address[..plus])
                || !address.AsSpan(plus + 1, at - plus - 1).StartsWith(ReturnPaths.Tag, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var token = address[(plus + 1 + ReturnPaths.Tag.Length)..at];
            if (!tokens.Contains(token, StringComparer.OrdinalIgnoreCase) && tokens.Count < 5)
            {
                tokens.Add(token);
            }
        }

        return tokens;
    }
}
