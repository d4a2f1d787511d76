using System.Net;
using MimeKit;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Bot.Auth;

/// <summary>
/// Emails a tutor their one-time sign-in link, in their language. The link is built from
/// OutgoingMail:PublicBaseUrl, never from the request's Host header, so nobody can make us mail a
/// tutor a link to another site.
/// </summary>
internal sealed class SignInMailer(MailSender sender, ReplyAddresses addresses)
{
    public const string LinkPath = "tutor/sign-in/link";

    public string LinkFor(string token) => addresses.Link(LinkPath + "?token=" + Uri.EscapeDataString(token));

    public async Task SendAsync(TutorAccount tutor, string token, TimeSpan lifetime, CancellationToken ct)
    {
        var link = LinkFor(token);
        var fr = tutor.Locale.StartsWith("fr", StringComparison.OrdinalIgnoreCase);
        var minutes = (int)lifetime.TotalMinutes;
        var subject = fr ? "Votre lien de connexion à SupportBot" : "Your SupportBot sign-in link";
        var text = fr
            ? $"Bonjour {tutor.DisplayName},\n\nPour ouvrir l'espace tuteur de SupportBot, suivez ce lien (valable {minutes} minutes, une seule fois) :\n\n{link}\n\nSi vous n'avez rien demandé, ignorez ce message."
            : $"Hello {tutor.DisplayName},\n\nTo open SupportBot's tutor pages, follow this link (valid for {minutes} minutes, once):\n\n{link}\n\nIf you did not ask for it, ignore this message.";
        var encoded = WebUtility.HtmlEncode(link);
        var html = fr
            ? $"<p>Bonjour {WebUtility.HtmlEncode(tutor.DisplayName)},</p><p>Pour ouvrir l'espace tuteur de SupportBot, suivez ce lien (valable {minutes} minutes, une seule fois) :</p><p><a href=\"{encoded}\">Se connecter à SupportBot</a></p><p>Si vous n'avez rien demandé, ignorez ce message.</p>"
            : $"<p>Hello {WebUtility.HtmlEncode(tutor.DisplayName)},</p><p>To open SupportBot's tutor pages, follow this link (valid for {minutes} minutes, once):</p><p><a href=\"{encoded}\">Sign in to SupportBot</a></p><p>If you did not ask for it, ignore this message.</p>";

        var message = new MimeMessage { Subject = subject };
        message.From.Add(new MailboxAddress(addresses.FromName, addresses.FromAddress));
        message.To.Add(new MailboxAddress(tutor.DisplayName, tutor.Email));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body = new BodyBuilder { TextBody = text, HtmlBody = html }.ToMessageBody();
        await sender.SendAsync(message, ct);
    }
}
