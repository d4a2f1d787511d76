using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;
using MimeKit;

namespace SupportBot.Shared.Email.Outgoing;

/// <summary>
/// Sends mail through the configured SMTP server. A batch (a reminder round, a campaign) opens one
/// connection with <see cref="ConnectAsync"/> and sends over it; a single message uses <see cref="SendAsync"/>.
/// Connection, authentication and protocol failures surface as MailKit's exceptions
/// (SocketException, SmtpCommandException, SmtpProtocolException, AuthenticationException) so the
/// calling job fails and is retried. Every message leaves with its signed return path as the envelope
/// sender when return paths are on (<see cref="ReturnPaths"/>).
/// </summary>
public sealed class MailSender(IOptions<SmtpOptions> options, MailLogin login, ReturnPaths returnPaths)
{
    public async Task<MailSession> ConnectAsync(CancellationToken ct)
    {
        var o = options.Value;
        var client = new SmtpClient { Timeout = 30_000 };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, o.Security, ct);
            await login.LogInAsync(client, ct);

            return new MailSession(client, returnPaths);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        await using var session = await ConnectAsync(ct);
        await session.SendAsync(message, ct);
    }
}

/// <summary>One open SMTP connection; disposing it says QUIT.</summary>
public sealed class MailSession : IAsyncDisposable
{
    private readonly SmtpClient client;
    private readonly ReturnPaths returnPaths;

    internal MailSession(SmtpClient client, ReturnPaths returnPaths)
    {
        this.client = client;
        this.returnPaths = returnPaths;
    }

    public async Task SendAsync(MimeMessage message, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (returnPaths.EnvelopeSenderFor(message) is not { } envelopeSender)
        {
            await client.SendAsync(message, ct);
            return;
        }

        // The same recipients MailKit takes by default; only MAIL FROM changes, the From header stays ours.
        var recipients = message.To.Mailboxes.Concat(message.Cc.Mailboxes).Concat(message.Bcc.Mailboxes)
            .DistinctBy(m => m.Address, StringComparer.OrdinalIgnoreCase).ToList();
        await client.SendAsync(message, envelopeSender, recipients, ct);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(true, CancellationToken.None);
            }
        }
        catch (Exception ex) when (ex is IOException or SmtpProtocolException or SmtpCommandException or OperationCanceledException)
        {
            // The messages are already accepted; a failed QUIT changes nothing.
        }
        finally
        {
            client.Dispose();
        }
    }
}
