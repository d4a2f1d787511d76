using System.Collections.Concurrent;
using Google.Apis.Auth.OAuth2.Responses;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MsalException = Microsoft.Identity.Client.MsalException;
using MsalServiceException = Microsoft.Identity.Client.MsalServiceException;

namespace SupportBot.Shared.Email;

/// <summary>
/// The one place SupportBot logs in to its mail servers: a password, or XOAUTH2 with a token from
/// Microsoft 365 or Google. A refused login is logged once (not on every reconnection) and kept
/// for the health page until a login succeeds again.
/// </summary>
public sealed partial class MailLogin(
    IOptions<ImapOptions> imap,
    IOptions<SmtpOptions> smtp,
    MailTokenSources tokens,
    ILogger<MailLogin> logger)
{
    private readonly ConcurrentDictionary<string, string> problems = new();

    /// <summary>Logs in to the support mailbox.</summary>
    /// <exception cref="AuthenticationException">The server refused the login or no token could be obtained.</exception>
    public Task LogInAsync(ImapClient client, CancellationToken ct) => LogInAsync(client, imap.Value.Account, ct);

    /// <summary>Logs in to the outgoing server, unless it takes mail without a login.</summary>
    /// <exception cref="AuthenticationException">The server refused the login or no token could be obtained.</exception>
    public Task LogInAsync(SmtpClient client, CancellationToken ct) => LogInAsync(client, smtp.Value.Account, ct);

    /// <summary>Why the last login to this protocol's server failed ("IMAP", "SMTP"), or null when it worked or was not tried.</summary>
    public string? Problem(string protocol) => problems.TryGetValue(protocol, out var problem) ? problem : null;

    private async Task LogInAsync(IMailService client, MailAccount account, CancellationToken ct)
    {
        if (!account.LogsIn)
        {
            return;
        }

        try
        {
            if (account.Auth == MailAuthMode.Password)
            {
                await client.AuthenticateAsync(account.UserName, account.Password, ct);
            }
            else
            {
                await LogInWithTokenAsync(client, account, ct);
            }
        }
        catch (AuthenticationException ex)
        {
            Refused(account, ex.Message);
            throw;
        }

        if (problems.TryRemove(account.Protocol, out _))
        {
            LogAcceptedAgain(logger, account.Protocol, account.UserName, account.Host);
        }
    }

    private async Task LogInWithTokenAsync(IMailService client, MailAccount account, CancellationToken ct)
    {
        var source = tokens.For(account);
        var token = await TokenAsync(source, account, forceRefresh: false, ct);
        try
        {
            await client.AuthenticateAsync(new SaslMechanismOAuth2(account.UserName, token), ct);
        }
        catch (AuthenticationException ex)
        {
            // The cached token may have been revoked or have expired early: one more try with a new one.
            LogRetryingWithNewToken(logger, account.Protocol, account.UserName, ex.Message);
            token = await TokenAsync(source, account, forceRefresh: true, ct);
            await client.AuthenticateAsync(new SaslMechanismOAuth2(account.UserName, token), ct);
        }
    }

    private static async Task<string> TokenAsync(IMailTokenSource source, MailAccount account, bool forceRefresh, CancellationToken ct)
    {
        try
        {
            return await source.GetTokenAsync(forceRefresh, ct);
        }
        catch (Exception ex) when (ex is MsalException or TokenResponseException or HttpRequestException or InvalidOperationException or IOException)
        {
            // Surfaces like a refused login, so every caller (inbox reconnection, job retry, health) handles one failure.
            throw new AuthenticationException(
                $"no OAuth token for {account.UserName} from {source.Authority}: {Describe(ex)}", ex);
        }
    }

    private static string Describe(Exception ex) => ex switch
    {
        MsalServiceException msal => $"{msal.ErrorCode} (HTTP {msal.StatusCode})",
        TokenResponseException google => $"{google.Error?.Error} {google.Error?.ErrorDescription}".Trim(),
        _ => ex.Message,
    };

    private void Refused(MailAccount account, string reason)
    {
        var problem = $"{account.Protocol} login as {account.UserName} on {account.Host} refused ({account.Auth}): {reason}";
        var previous = problems.TryGetValue(account.Protocol, out var known) ? known : null;
        problems[account.Protocol] = problem;
        if (previous != problem)
        {
            LogRefused(logger, problem, Advice(account));
        }
        else
        {
            LogStillRefused(logger, account.Protocol);
        }
    }

    private static string Advice(MailAccount account) => account.Auth == MailAuthMode.Password
        ? $"check {(account.Protocol == "IMAP" ? "Imap" : "Smtp")}:UserName and Password"
        : account.OAuth2.Provider == MailOAuthProvider.Google
            ? "check the service account key, its domain-wide delegation for " + account.OAuth2.ResolvedScope + " and that the mailbox exists (docs/DEPLOY.md)"
            : "check TenantId, ClientId, ClientSecret, the app's IMAP.AccessAsApp/SMTP.SendAsApp permission with admin consent and the Exchange service principal's mailbox permission (docs/DEPLOY.md)";

    [LoggerMessage(Level = LogLevel.Error, Message = "{Problem}; {Advice}. Retrying quietly until it works.")]
    private static partial void LogRefused(ILogger logger, string problem, string advice);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Protocol} login still refused")]
    private static partial void LogStillRefused(ILogger logger, string protocol);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Protocol} login as {UserName} on {Host} accepted again")]
    private static partial void LogAcceptedAgain(ILogger logger, string protocol, string userName, string host);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Protocol} server refused the token for {UserName} ({Reason}); asking for a new one")]
    private static partial void LogRetryingWithNewToken(ILogger logger, string protocol, string userName, string reason);
}
