using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace SupportBot.Shared.Email;

public sealed class SmtpOptions
{
    public const string SectionName = "Smtp";

    [Required(ErrorMessage = "is required (the SMTP server's host name)")]
    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "must be a TCP port between 1 and 65535")]
    public int Port { get; set; } = 25;

    /// <summary>None for a local smtp4dev; StartTls or SslOnConnect for a real server.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    [Required(ErrorMessage = "is required (the address SupportBot sends from, e.g. support@example.edu)")]
    [EmailAddress(ErrorMessage = "must be an email address")]
    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "SupportBot";
}
