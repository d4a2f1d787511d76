using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Npgsql;

namespace SupportBot.Shared.Delivery;

/// <summary>What a failed send means for the message.</summary>
public enum FailureKind
{
    /// <summary>
    /// Not the message's fault and not yet: another attempt holds its claim, or a service it needs
    /// (the mail server, the Bot Connector, PostgreSQL) is down or refusing for now. Wait and try
    /// again, as long as it takes; never a reason to give up on the message.
    /// </summary>
    NotYet,

    /// <summary>The receiving side refuses this recipient for good (SMTP 5xx on RCPT TO): the delivery ends, with the reason.</summary>
    Refused,

    /// <summary>Anything else: counts as a failed attempt; after the allowed attempts the delivery ends as failed, with the reason.</summary>
    Attempt,
}

/// <summary>
/// The one place that tells "not yet" from "no": every sender (email, chat, campaign batches, the
/// jobs host's retry filter) asks here, so an outage longer than the retries loses nothing.
/// </summary>
public static class DeliveryFailures
{
    public static FailureKind Classify(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SendInProgressException:
                    return FailureKind.NotYet;
                case SmtpCommandException smtp when (int)smtp.StatusCode >= 500:
                    return smtp.ErrorCode == SmtpErrorCode.RecipientNotAccepted ? FailureKind.Refused : FailureKind.Attempt;
                case SmtpCommandException:
                    // 4xx: the server says "later" (greylisting, mailbox busy, too many connections).
                    return FailureKind.NotYet;
                case HttpRequestException http:
                    return http.StatusCode is null or HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout or >= HttpStatusCode.InternalServerError
                        ? FailureKind.NotYet
                        : FailureKind.Attempt;
                case SocketException or IOException or TimeoutException or SmtpProtocolException or ServiceNotConnectedException
                    or ServiceNotAuthenticatedException or AuthenticationException or SslHandshakeException:
                    return FailureKind.NotYet;
                case NpgsqlException { IsTransient: true }:
                    // PostgreSQL restarting, a connection cut (not a bug in a query): wait for it.
                    return FailureKind.NotYet;
            }
        }

        return FailureKind.Attempt;
    }

    /// <summary>
    /// The chat will never take this message: the bot was removed from the conversation or blocked
    /// (403), the conversation is gone (404), the message is too large for the channel (413).
    /// Retrying only delays the fallback to email.
    /// </summary>
    public static bool IsChatRefusedForGood(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            if (ex is HttpRequestException { StatusCode: HttpStatusCode.Forbidden or HttpStatusCode.NotFound or HttpStatusCode.RequestEntityTooLarge })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>For a <see cref="FailureKind.NotYet"/>: what the message waits for (one of <see cref="WaitingReasons"/>).</summary>
    /// <param name="channel">The channel being sent on (<see cref="SendLog.Email"/> or <see cref="SendLog.Chat"/>).</param>
    public static string WaitingFor(Exception exception, string channel)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var ex = exception; ex is not null; ex = ex.InnerException)
        {
            switch (ex)
            {
                case SendInProgressException:
                    return WaitingReasons.OtherAttempt;
                case NpgsqlException { IsTransient: true }:
                    return WaitingReasons.Database;
            }
        }

        return channel == SendLog.Chat ? WaitingReasons.Chat : WaitingReasons.MailServer;
    }
}

/// <summary>What a waiting delivery waits for (stored in campaign_deliveries.waiting_for).</summary>
public static class WaitingReasons
{
    public const string MailServer = "mail_server";
    public const string Chat = "chat";
    public const string Database = "database";
    public const string OtherAttempt = "other_attempt";
}
