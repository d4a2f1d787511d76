namespace SupportBot.Shared.Email;

/// <summary>One mail server login, read from the Imap or Smtp section.</summary>
internal sealed record MailAccount(string Protocol, string Host, MailAuthMode Auth, string UserName, string Password, MailOAuthOptions OAuth2)
{
    /// <summary>SMTP without a user name sends anonymously (a local relay); IMAP always logs in.</summary>
    public bool LogsIn => Auth == MailAuthMode.OAuth2 || !string.IsNullOrEmpty(UserName);
}
