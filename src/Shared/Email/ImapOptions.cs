using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace SupportBot.Shared.Email;

public sealed class ImapOptions
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

    public string Folder { get; set; } = "INBOX";
}
