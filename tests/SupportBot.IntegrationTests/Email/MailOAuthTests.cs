using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using SupportBot.IntegrationTests.Inbox;
using SupportBot.IntegrationTests.Routing;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Hosting;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Email;

/// <summary>
/// Microsoft 365 and Google Workspace switch off passwords for IMAP and SMTP: SupportBot logs in
/// with XOAUTH2 bearer tokens, here against Dovecot checking them with the local token issuer.
/// </summary>
public sealed class MailOAuthTests(OAuthMailServers servers, FreshDatabase db, ITestOutputHelper output)
    : IClassFixture<OAuthMailServers>, IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task The_inbox_reads_replies_with_a_bearer_token_and_reuses_it_when_it_reconnects()
    {
        var before = servers.Issuer.TokensIssued;
        await using var worker = await StartInboxAsync(Settings());
        var token = SupportMailbox.NewToken();

        await PeerRepliesAsync(token, "first", "second");
        await worker.Handler.WaitForAsync(token, 2);
        await servers.Dovecot.KickAsync(OAuthMailServers.Mailbox);
        await PeerRepliesAsync(token, "third");
        await worker.Handler.WaitForAsync(token, 3);

        Assert.Equal([$"Re: {token} first", $"Re: {token} second", $"Re: {token} third"], worker.Handler.HandledWith(token));
        Assert.Equal(1, servers.Issuer.TokensIssued - before);
    }

    [Fact]
    public async Task A_token_refused_mid_session_is_replaced_and_no_reply_is_lost()
    {
        await using var worker = await StartInboxAsync(Settings());
        var token = SupportMailbox.NewToken();
        await PeerRepliesAsync(token, "before");
        await worker.Handler.WaitForAsync(token, 1);
        var before = servers.Issuer.TokensIssued;

        // The cached token expires while the session is open; the server then drops the session.
        servers.Issuer.ExpireAllIssued();
        await servers.Dovecot.KickAsync(OAuthMailServers.Mailbox);
        await PeerRepliesAsync(token, "while away 1", "while away 2");
        await worker.Handler.WaitForAsync(token, 3);
        await Task.Delay(600);

        Assert.Equal([$"Re: {token} before", $"Re: {token} while away 1", $"Re: {token} while away 2"], worker.Handler.HandledWith(token));
        Assert.Equal(1, servers.Issuer.TokensIssued - before);
    }

    [Fact]
    public async Task Mail_is_sent_through_submission_with_a_Microsoft_token_and_a_new_one_after_expiry()
    {
        var settings = Settings();
        servers.UseMicrosoft(settings, "Smtp");
        using var host = BuildHost(settings);
        var sender = host.Services.GetRequiredService<MailSender>();
        var to = $"peer-{Guid.NewGuid():N}@example.test";
        var before = servers.Issuer.TokensIssued;

        await sender.SendAsync(Message(to, "first"), CancellationToken.None);
        servers.Issuer.ExpireAllIssued();
        await sender.SendAsync(Message(to, "second"), CancellationToken.None);

        var received = await Smtp4devMailbox.ToAsync(to, atLeast: 2);
        Assert.Equal(["first", "second"], received.Select(m => m.Subject).Order());
        Assert.Equal(2, servers.Issuer.TokensIssued - before);
    }

    [Fact]
    public async Task Mail_is_sent_with_a_Google_service_account_acting_as_the_mailbox()
    {
        var settings = Settings();
        servers.UseGoogle(settings, "Smtp");
        using var host = BuildHost(settings);
        var to = $"peer-{Guid.NewGuid():N}@example.test";

        await host.Services.GetRequiredService<MailSender>().SendAsync(Message(to, "from Google"), CancellationToken.None);

        var received = await Smtp4devMailbox.ToAsync(to);
        Assert.Equal("from Google", Assert.Single(received).Subject);
    }

    [Fact]
    public async Task A_refused_token_degrades_health_with_one_clear_log_line_and_no_crash()
    {
        var logs = new LogLines();
        var settings = Settings();
        servers.UseMicrosoft(settings, "Smtp");
        servers.Issuer.IssueUselessTokens = true;
        try
        {
            await using var worker = await StartInboxAsync(settings, services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                services.AddHealthChecks().AddMailServerChecks();
            });
            // Several reconnections at the test's 0.1-0.8 s back-off.
            await Task.Delay(3000);

            var report = await worker.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();

            Assert.Equal(HealthStatus.Degraded, report.Entries["imap"].Status);
            Assert.Contains("login refused", report.Entries["imap"].Description, StringComparison.Ordinal);
            Assert.Equal(HealthStatus.Degraded, report.Entries["smtp"].Status);
            var refusals = logs.All.Where(l => l.Level >= LogLevel.Warning && l.Text.Contains("IMAP login as", StringComparison.Ordinal)).ToList();
            var line = Assert.Single(refusals);
            Assert.Equal(LogLevel.Error, line.Level);
            Assert.Contains(OAuthMailServers.Mailbox, line.Text, StringComparison.Ordinal);
            Assert.Contains("IMAP.AccessAsApp", line.Text, StringComparison.Ordinal);
            Assert.True(logs.All.Count(l => l.Text.Contains("IMAP login still refused", StringComparison.Ordinal)) >= 2, "it kept retrying");
        }
        finally
        {
            servers.Issuer.IssueUselessTokens = false;
        }
    }

    [Fact]
    public async Task A_wrong_client_secret_says_the_token_service_refused_it()
    {
        var settings = Settings();
        servers.UseMicrosoft(settings, "Smtp", clientSecret: "not-the-secret");
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<MailKit.Security.AuthenticationException>(() =>
            host.Services.GetRequiredService<MailSender>().SendAsync(Message("nobody@example.test", "never"), CancellationToken.None));

        Assert.Contains("invalid_client", error.Message, StringComparison.Ordinal);
        Assert.Contains("SMTP login as support@example.test", host.Services.GetRequiredService<MailLogin>().Problem("SMTP"), StringComparison.Ordinal);
    }

    private Dictionary<string, string?> Settings()
    {
        var settings = InboxWorker.FastSettings(db.ConnectionString);
        servers.UseMicrosoft(settings);
        return settings;
    }

    private Task<InboxWorker> StartInboxAsync(Dictionary<string, string?> settings, Action<IServiceCollection>? services = null) =>
        InboxWorker.StartAsync(settings, output, "worker", services: s =>
        {
            servers.TrustIssuer(s);
            services?.Invoke(s);
        }).ContinueWith(async started =>
        {
            var worker = await started;
            await InboxWorker.WaitUntilPositionedAsync(db.DataSource);
            return worker;
        }).Unwrap();

    private IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSupportBotShared();
        servers.TrustIssuer(builder.Services);
        return builder.Build();
    }

    private async Task PeerRepliesAsync(string token, params string[] labels)
    {
        foreach (var label in labels)
        {
            await servers.Dovecot.DeliverAsync(OAuthMailServers.Mailbox, Message("support+q.test@example.test", $"Re: {token} {label}"));
        }
    }

    private static MimeMessage Message(string to, string subject)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("SupportBot", OAuthMailServers.Mailbox));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = "Try restarting the notebook kernel." };
        return message;
    }
}
