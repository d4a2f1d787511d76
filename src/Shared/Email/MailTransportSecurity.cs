using System.ComponentModel.DataAnnotations;
using System.Net;
using MailKit.Security;

namespace SupportBot.Shared.Email;

/// <summary>
/// How the bot may talk to a mail server that is not on this machine: StartTls or SslOnConnect, which
/// MailKit never lets fall back to plain text. Auto and StartTlsWhenAvailable go plain when the server
/// does not offer STARTTLS, which anyone on the path can arrange by removing it from the greeting, so
/// they are refused; None is an explicit choice for a relay without TLS, but never with a password.
/// </summary>
internal static class MailTransportSecurity
{
    public static IEnumerable<ValidationResult> Validate(string section, string host, SecureSocketOptions security, bool sendsCredentials)
    {
        if (IsLoopback(host) || security is SecureSocketOptions.StartTls or SecureSocketOptions.SslOnConnect)
        {
            yield break;
        }

        if (security is SecureSocketOptions.Auto or SecureSocketOptions.StartTlsWhenAvailable)
        {
            yield return new ValidationResult(
                $"{section}:Security: {security} falls back to plain text when the server's STARTTLS is stripped on the way; use StartTls or SslOnConnect for {host}",
                ["Security"]);
        }
        else if (sendsCredentials)
        {
            yield return new ValidationResult(
                $"{section}:Security: None would send the login of {host} in plain text; use StartTls or SslOnConnect",
                ["Security"]);
        }
    }

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase)
        || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
