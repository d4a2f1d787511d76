using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Email;

/// <summary>Connects and says hello; a server that answers slowly or refuses is reported, never thrown.</summary>
internal sealed class SmtpHealthCheck(IOptions<SmtpOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        using var client = new SmtpClient { Timeout = 5000 };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, o.Security, cancellationToken);
            await client.NoOpAsync(cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return HealthCheckResult.Healthy($"SMTP {o.Host}:{o.Port} answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"SMTP {o.Host}:{o.Port} unreachable: {ex.Message}");
        }
    }
}

internal sealed class ImapHealthCheck(IOptions<ImapOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        using var client = new ImapClient { Timeout = 5000 };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, o.Security, cancellationToken);
            await client.AuthenticateAsync(o.UserName, o.Password, cancellationToken);
            await client.NoOpAsync(cancellationToken);
            await client.DisconnectAsync(true, cancellationToken);
            return HealthCheckResult.Healthy($"IMAP {o.Host}:{o.Port} answers");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"IMAP {o.Host}:{o.Port} unreachable: {ex.Message}");
        }
    }
}
