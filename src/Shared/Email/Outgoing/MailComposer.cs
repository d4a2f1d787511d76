using MimeKit;

namespace SupportBot.Shared.Email.Outgoing;

/// <summary>One message SupportBot sends, before it becomes MIME.</summary>
/// <param name="SendKey">The send log key: the Message-ID is derived from it.</param>
/// <param name="ReplyToken">When set, Reply-To is support+q.&lt;token&gt;@domain.</param>
/// <param name="Thread">Message-IDs this one follows (oldest first): In-Reply-To is the last, References all.</param>
/// <param name="Unsubscribe">Who may opt out of what with the List-Unsubscribe headers; null for transactional mail.</param>
public sealed record OutgoingEmail(
    string SendKey,
    string ToAddress,
    string? ToName,
    RenderedMail Content,
    string? ReplyToken = null,
    IReadOnlyList<string>? Thread = null,
    UnsubscribeRequest? Unsubscribe = null);

/// <summary>Builds the MIME message: our headers, threading, one-click unsubscribe, text and HTML parts.</summary>
public sealed class MailComposer(ReplyAddresses addresses, UnsubscribeTokens unsubscribe)
{
    public MimeMessage Compose(OutgoingEmail mail)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var message = new MimeMessage
        {
            Subject = mail.Content.Subject,
            MessageId = addresses.MessageIdFor(mail.SendKey),
        };
        message.From.Add(new MailboxAddress(addresses.FromName, addresses.FromAddress));
        message.To.Add(new MailboxAddress(mail.ToName ?? "", mail.ToAddress));
        if (mail.ReplyToken is { } token)
        {
            message.ReplyTo.Add(new MailboxAddress(addresses.FromName, addresses.ReplyTo(token)));
        }

        if (mail.Thread is { Count: > 0 } thread)
        {
            message.InReplyTo = thread[^1];
            foreach (var id in thread)
            {
                message.References.Add(id);
            }
        }

        // RFC 3834: marks our mail as automatic so well-behaved responders do not answer it.
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Headers.Add("X-Auto-Response-Suppress", "OOF, AutoReply");
        if (mail.Unsubscribe is { } who)
        {
            var t = unsubscribe.Create(who.PersonId, who.Category);
            // RFC 8058: an https URI the provider POSTs "List-Unsubscribe=One-Click" to, plus mailto for older clients.
            message.Headers.Add("List-Unsubscribe", $"<{addresses.UnsubscribeUrl(t)}>, <{addresses.UnsubscribeMailto(t)}>");
            message.Headers.Add("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        }

        message.Body = new BodyBuilder { TextBody = mail.Content.Text, HtmlBody = mail.Content.Html }.ToMessageBody();
        return message;
    }

    /// <summary>The unsubscribe link shown in a template's footer, same token as the header.</summary>
    public string UnsubscribeLink(Guid personId, string category) => addresses.UnsubscribeUrl(unsubscribe.Create(personId, category));
}

/// <summary>A template rendered for one recipient.</summary>
public sealed record RenderedMail(string Subject, string Text, string Html);
