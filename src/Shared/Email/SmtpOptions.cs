using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace SupportBot.Shared.Email;

public sealed class SmtpOptions : IValidatableObject
{
    public const string SectionName = "Smtp";

    [Required(ErrorMessage = "is required (the SMTP server's host name)")]
    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "must be a TCP port between 1 and 65535")]
    public int Port { get; set; } = 25;

    /// <summary>StartTls or SslOnConnect for a real server (never downgraded); None only for a local smtp4dev or a relay without a login.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Password (no login when UserName is empty), or OAuth2 (Microsoft 365, Google Workspace) with the OAuth2 settings.</summary>
    public MailAuthMode Auth { get; set; } = MailAuthMode.Password;

    public MailOAuthOptions OAuth2 { get; set; } = new();

    [Required(ErrorMessage = "is required (the address SupportBot sends from, e.g. support@example.edu)")]
    [EmailAddress(ErrorMessage = "must be an email address")]
    public string FromAddress { get; set; } = "";

    public string FromName { get; set; } = "SupportBot";

    /// <summary>With OAuth2 the token acts for UserName, or for FromAddress when that is empty.</summary>
    internal MailAccount Account => new("SMTP", Host, Auth,
        Auth == MailAuthMode.OAuth2 && string.IsNullOrWhiteSpace(UserName) ? FromAddress : UserName ?? "", Password ?? "", OAuth2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        MailOAuthOptions.ValidateFor(Auth, OAuth2, string.IsNullOrWhiteSpace(UserName) ? FromAddress : UserName)
            .Concat(MailTransportSecurity.Validate(SectionName, Host, Security, Auth == MailAuthMode.OAuth2 || !string.IsNullOrWhiteSpace(UserName)));
}
