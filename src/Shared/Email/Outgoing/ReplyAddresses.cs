using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Email.Outgoing;

/// <summary>Our addresses and ids: reply addresses, the Message-ID domain, public links, and how to recognise our own mail.</summary>
public sealed class ReplyAddresses(IOptions<OutgoingMailOptions> mail, IOptions<SmtpOptions> smtp)
{
    public string Domain => mail.Value.ReplyDomain is { Length: > 0 } domain
        ? domain
        : smtp.Value.FromAddress[(smtp.Value.FromAddress.LastIndexOf('@') + 1)..];

    public string LocalPart => mail.Value.ReplyLocalPart;

    public string FromAddress => smtp.Value.FromAddress;

    public string FromName => smtp.Value.FromName;

    public string ReplyTo(string token) => $"{LocalPart}+q.{token}@{Domain}";

    public string MessageIdFor(string sendKey) => MessageIds.For(sendKey, Domain, mail.Value.UnsubscribeSigningKey);

    /// <summary>An absolute link under the bot's public address.</summary>
    public string Link(string pathAndQuery) => mail.Value.PublicBaseUrl.TrimEnd('/') + "/" + pathAndQuery.TrimStart('/');

    public string UnsubscribeUrl(string token) => Link("unsubscribe?t=" + Uri.EscapeDataString(token));

    /// <summary>The mailto form of List-Unsubscribe: the inbox reads the token from the subject.</summary>
    public string UnsubscribeMailto(string token) => $"mailto:{LocalPart}@{Domain}?subject=unsubscribe%20{Uri.EscapeDataString(token)}";

    /// <summary>Mail we sent ourselves, looped back (a forwarding rule, a catch-all): by sender or by our Message-ID.</summary>
    public bool IsOwn(string? fromAddress, string? messageId) =>
        string.Equals(fromAddress, FromAddress, StringComparison.OrdinalIgnoreCase)
        || (messageId is not null && messageId.StartsWith(MessageIds.Prefix, StringComparison.Ordinal)
            && messageId.EndsWith("@" + Domain, StringComparison.OrdinalIgnoreCase));
}
