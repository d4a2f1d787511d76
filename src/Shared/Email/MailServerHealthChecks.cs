using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Email;

/// <summary>Connects and says hello; a server that answers slowly or refuses is reported, never thrown.</summary>
internal abstract class MailServerHealthCheck(string protocol) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var (host, port) = Endpoint;
        try
        {
            await ProbeAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{protocol} {host}:{port} answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var what = ex is MailKit.Security.AuthenticationException ? "login refused" : "unreachable";
            return new HealthCheckResult(context.Registration.FailureStatus, $"{protocol} {host}:{port} {what}: {ex.Message}");
        }
    }

    protected abstract (string Host, int Port) Endpoint { get; }

    protected abstract Task ProbeAsync(CancellationToken ct);

    protected static async Task ConnectAsync(IMailService client, string host, int port, SecureSocketOptions security, CancellationToken ct)
    {
        client.Timeout = 5000;
        await client.ConnectAsync(host, port, security, ct);
    }
}

internal sealed class SmtpHealthCheck(IOptions<SmtpOptions> options, MailLogin login) : MailServerHealthCheck("SMTP")
{
    protected override (string Host, int Port) Endpoint => (options.Value.Host, options.Value.Port);

    protected override async Task ProbeAsync(CancellationToken ct)
    {
        using var client = new SmtpClient();
        await ConnectAsync(client, options.Value.Host, options.Value.Port, options.Value.Security, ct);
        await login.LogInAsync(client, ct);
        await client.NoOpAsync(ct);
        await client.DisconnectAsync(true, ct);
    }
}

internal sealed class ImapHealthCheck(IOptions<ImapOptions> options, MailLogin login) : MailServerHealthCheck("IMAP")
{
    protected override (string Host, int Port) Endpoint => (options.Value.Host, options.Value.Port);

    protected override async Task ProbeAsync(CancellationToken ct)
    {
        using var client = new ImapClient();
        await ConnectAsync(client, options.Value.Host, options.Value.Port, options.Value.Security, ct);
        await login.LogInAsync(client, ct);
        await client.NoOpAsync(ct);
        await client.DisconnectAsync(true, ct);
    }
}
