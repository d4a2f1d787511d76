using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using SupportBot.Shared.Email;

namespace SupportBot.Tests.Security;

/// <summary>
/// Issue 17 item 13: a mail server on another host is reached with TLS that cannot be downgraded
/// (StartTls or SslOnConnect); the modes that fall back to plain text stop the host at start.
/// </summary>
public sealed class MailTransportSecurityTests
{
    [Theory]
    [InlineData(SecureSocketOptions.StartTlsWhenAvailable, "")]
    [InlineData(SecureSocketOptions.Auto, "")]
    [InlineData(SecureSocketOptions.None, "support@example.edu")]
    public void Smtp_to_another_host_that_could_go_plain_text_is_refused_at_start(SecureSocketOptions security, string userName)
    {
        var errors = Errors(new SmtpOptions { Host = "smtp.example.edu", Port = 587, Security = security, UserName = userName, Password = "pw", FromAddress = "support@example.edu" });

        var error = Assert.Single(errors);
        Assert.StartsWith("Smtp:Security:", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("smtp.example.edu", SecureSocketOptions.StartTls, "support@example.edu")]
    [InlineData("smtp.example.edu", SecureSocketOptions.SslOnConnect, "support@example.edu")]
    [InlineData("relay.example.edu", SecureSocketOptions.None, "")]
    [InlineData("127.0.0.1", SecureSocketOptions.None, "support")]
    [InlineData("localhost", SecureSocketOptions.StartTlsWhenAvailable, "")]
    public void Smtp_that_cannot_be_downgraded_or_stays_on_this_machine_is_accepted(string host, SecureSocketOptions security, string userName)
    {
        Assert.Empty(Errors(new SmtpOptions { Host = host, Security = security, UserName = userName, Password = "pw", FromAddress = "support@example.edu" }));
    }

    [Fact]
    public void The_default_smtp_security_requires_tls()
    {
        Assert.Equal(SecureSocketOptions.StartTls, new SmtpOptions().Security);
    }

    [Fact]
    public void Imap_to_another_host_without_tls_is_refused_at_start()
    {
        var errors = Errors(new ImapOptions { Host = "imap.example.edu", Security = SecureSocketOptions.StartTlsWhenAvailable, UserName = "support", Password = "pw" });

        Assert.StartsWith("Imap:Security:", Assert.Single(errors), StringComparison.Ordinal);
    }

    private static List<string> Errors(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
