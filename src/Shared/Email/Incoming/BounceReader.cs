using System.Text.RegularExpressions;
using MimeKit;

namespace SupportBot.Shared.Email.Incoming;

/// <summary>
/// Reads delivery reports: RFC 3464 DSNs (multipart/report; report-type=delivery-status) field by
/// field, and the older free-form bounces from MAILER-DAEMON by their sender, subject and
/// X-Failed-Recipients header.
/// </summary>
internal static partial class BounceReader
{
    [GeneratedRegex(
        @"undeliver|undelivered mail|delivery status notification \((?:failure|delay)|mail delivery (?:failed|failure|subsystem)|delivery failure|returned mail|failure notice|non remis|non distribuable|unzustellbar|nicht zustellbar|no se puede entregar|no entregado|non recapitabile|mancato recapito|onbestelbaar|niet bezorgd|nao entregue|nao foi possivel entregar",
        RegexOptions.CultureInvariant)]
    private static partial Regex BounceSubject();

    [GeneratedRegex(@"delay|retard|verzogert|retrasad|ritard|vertraagd|warning", RegexOptions.CultureInvariant)]
    private static partial Regex DelaySubject();

    [GeneratedRegex(@"^(?:mailer-daemon|postmaster|mail-daemon|mailerdaemon)@", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex DaemonAddress();

    /// <summary>The report of a DSN, null when the message is not one; delivered-only reports are not bounces.</summary>
    public static BounceReport? FromDeliveryStatus(MimeMessage message)
    {
        var status = message.BodyParts.OfType<MessageDeliveryStatus>().FirstOrDefault();
        if (status is null)
        {
            return null;
        }

        var failed = new List<string>();
        var permanent = false;
        var undelivered = false;
        foreach (var recipient in status.StatusGroups.Skip(1))
        {
            var action = (recipient["Action"] ?? "").Trim().ToLowerInvariant();
            var code = (recipient["Status"] ?? "").Trim();
            var isFailure = action.StartsWith("failed", StringComparison.Ordinal) || code.StartsWith('5');
            var isDelay = action.StartsWith("delayed", StringComparison.Ordinal) || code.StartsWith('4');
            if (!isFailure && !isDelay)
            {
                continue;
            }

            undelivered = true;
            permanent |= isFailure;
            AddAddress(failed, recipient["Original-Recipient"]);
            AddAddress(failed, recipient["Final-Recipient"]);
        }

        // A report listing only delivered or relayed recipients is a receipt, not a bounce.
        if (!undelivered && status.StatusGroups.Count > 1)
        {
            return null;
        }

        return new BounceReport(failed, permanent || !undelivered, OriginalMessageIds(message));
    }

    /// <summary>A free-form bounce: from the mailer daemon with a failure subject, or carrying X-Failed-Recipients.</summary>
    public static BounceReport? FromFreeForm(MimeMessage message, string foldedSubject)
    {
        var failedHeader = message.Headers["X-Failed-Recipients"];
        var fromDaemon = message.From.Mailboxes.Any(m => DaemonAddress().IsMatch(m.Address))
            || message.Sender is { } sender && DaemonAddress().IsMatch(sender.Address);
        if (failedHeader is null && !(fromDaemon && BounceSubject().IsMatch(foldedSubject)))
        {
            return null;
        }

        var failed = new List<string>();
        foreach (var address in (failedHeader ?? "").Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries))
        {
            AddAddress(failed, address);
        }

        return new BounceReport(failed, IsPermanent: !DelaySubject().IsMatch(foldedSubject), OriginalMessageIds(message));
    }

    [GeneratedRegex(@"^\s*Message-ID:\s*<(?<id>[^<>\s]{1,250})>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex QuotedMessageId();

    /// <summary>
    /// The Message-IDs a report says it is about: the returned message or headers (message/rfc822,
    /// text/rfc822-headers), the report's own threading headers, and a "Message-ID:" line in a
    /// free-form bounce's text.
    /// </summary>
    private static List<string> OriginalMessageIds(MimeMessage message)
    {
        var ids = new List<string>();
        void Add(string? id)
        {
            var trimmed = id?.Trim().Trim('<', '>');
            if (!string.IsNullOrEmpty(trimmed) && !ids.Contains(trimmed, StringComparer.Ordinal))
            {
                ids.Add(trimmed);
            }
        }

        foreach (var part in message.BodyParts.Take(20))
        {
            if (part is MessagePart { Message: { } original })
            {
                Add(original.MessageId);
            }
            else if (part is TextPart text && !part.ContentType.IsMimeType("text", "html"))
            {
                var body = text.Text ?? "";
                foreach (Match match in QuotedMessageId().Matches(body.Length > 200_000 ? body[..200_000] : body))
                {
                    Add(match.Groups["id"].Value);
                }
            }
        }

        Add(message.InReplyTo);
        foreach (var reference in message.References)
        {
            Add(reference);
        }

        return ids;
    }

    /// <summary>Adds the address of a DSN recipient field ("rfc822; alice@example.org").</summary>
    private static void AddAddress(List<string> addresses, string? field)
    {
        if (string.IsNullOrWhiteSpace(field))
        {
            return;
        }

        var value = field[(field.IndexOf(';', StringComparison.Ordinal) + 1)..].Trim().Trim('<', '>', ' ');
        if (value.Contains('@', StringComparison.Ordinal) && !addresses.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            addresses.Add(value);
        }
    }
}
