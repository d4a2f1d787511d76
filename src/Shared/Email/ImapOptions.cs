using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace SupportBot.Shared.Email;

public sealed class ImapOptions : IValidatableObject
{
    public const string SectionName = "Imap";

    [Required(ErrorMessage = "is required (the IMAP server holding replies to support+...@ addresses)")]
    public string Host { get; set; } = "";

    [Range(1, 65535, ErrorMessage = "must be a TCP port between 1 and 65535")]
    public int Port { get; set; } = 993;

    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.SslOnConnect;

    [Required(ErrorMessage = "is required (the IMAP login)")]
    public string UserName { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>Password, or OAuth2 (Microsoft 365, Google Workspace) with the OAuth2 settings.</summary>
    public MailAuthMode Auth { get; set; } = MailAuthMode.Password;

    public MailOAuthOptions OAuth2 { get; set; } = new();

    public string Folder { get; set; } = "INBOX";

    /// <summary>
    /// The authserv-id your receiving server writes first in Authentication-Results (e.g. "mx.example.edu";
    /// Microsoft 365: "protection.outlook.com"). When set, a reply whose From domain fails DMARC there is
    /// held for a tutor instead of relayed. Empty: not checked.
    /// </summary>
    public string AuthServId { get; set; } = "";

    internal MailAccount Account => new("IMAP", Host, Auth, UserName, Password, OAuth2);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        MailOAuthOptions.ValidateFor(Auth, OAuth2, UserName)
            .Concat(MailTransportSecurity.Validate(SectionName, Host, Security, sendsCredentials: true));
}
