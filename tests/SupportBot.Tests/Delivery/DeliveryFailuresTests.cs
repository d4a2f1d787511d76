using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MimeKit;
using Npgsql;
using SupportBot.Shared.Delivery;

namespace SupportBot.Tests.Delivery;

/// <summary>"Not yet" (wait, as long as it takes) versus "no" (the recipient refuses) versus a failed attempt.</summary>
public sealed class DeliveryFailuresTests
{
    private static readonly MailboxAddress Lea = new("Léa", "lea@example.test");

    // Wrapped ones stand for a job or a batch that rethrows what it caught.
    private static readonly Dictionary<string, Func<Exception>> Examples = new()
    {
        ["send in progress"] = () => new SendInProgressException("campaign:x", TimeSpan.FromSeconds(30)),
        ["connection refused"] = () => new SocketException((int)SocketError.ConnectionRefused),
        ["not connected"] = () => new ServiceNotConnectedException(),
        ["server disconnected"] = () => new SmtpProtocolException("The SMTP server has unexpectedly disconnected."),
        ["smtp 451"] = () => new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxBusy, Lea, "451 try later"),
        ["smtp 550 recipient"] = () => new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable, Lea, "550 no such user"),
        ["smtp 554 message"] = () => new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.TransactionFailed, Lea, "554 rejected as spam"),
        ["connector unreachable"] = () => new HttpRequestException("connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        ["connector 503"] = () => new HttpRequestException("Connector POST failed: 503", null, HttpStatusCode.ServiceUnavailable),
        ["connector 429"] = () => new HttpRequestException("Connector POST failed: 429", null, HttpStatusCode.TooManyRequests),
        ["connector 403"] = () => new HttpRequestException("Connector POST failed: 403 BotNotInConversationRoster", null, HttpStatusCode.Forbidden),
        ["postgres shutdown"] = () => new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"),
        ["postgres syntax error"] = () => new PostgresException("syntax error at or near \"SELEC\"", "ERROR", "ERROR", "42601"),
        ["a bug"] = () => new InvalidOperationException("a bug"),
        ["wrapped socket error"] = () => new InvalidOperationException("batch failed", new SocketException((int)SocketError.ConnectionRefused)),
    };

    [Theory]
    [InlineData("send in progress", FailureKind.NotYet)]
    [InlineData("connection refused", FailureKind.NotYet)]
    [InlineData("not connected", FailureKind.NotYet)]
    [InlineData("server disconnected", FailureKind.NotYet)]
    [InlineData("smtp 451", FailureKind.NotYet)]
    [InlineData("smtp 550 recipient", FailureKind.Refused)]
    [InlineData("smtp 554 message", FailureKind.Attempt)]
    [InlineData("connector unreachable", FailureKind.NotYet)]
    [InlineData("connector 503", FailureKind.NotYet)]
    [InlineData("connector 429", FailureKind.NotYet)]
    [InlineData("connector 403", FailureKind.Attempt)]
    [InlineData("postgres shutdown", FailureKind.NotYet)]
    [InlineData("postgres syntax error", FailureKind.Attempt)]
    [InlineData("a bug", FailureKind.Attempt)]
    [InlineData("wrapped socket error", FailureKind.NotYet)]
    public void Each_failure_is_classified_by_what_it_means_for_the_message(string example, FailureKind expected) =>
        Assert.Equal(expected, DeliveryFailures.Classify(Examples[example]()));

    [Fact]
    public void A_waiting_message_says_which_service_it_waits_for()
    {
        Assert.Equal(WaitingReasons.MailServer, DeliveryFailures.WaitingFor(new SocketException((int)SocketError.ConnectionRefused), SendLog.Email));
        Assert.Equal(WaitingReasons.Chat, DeliveryFailures.WaitingFor(new HttpRequestException("down"), SendLog.Chat));
        Assert.Equal(WaitingReasons.Database, DeliveryFailures.WaitingFor(new PostgresException("shutting down", "FATAL", "FATAL", "57P01"), SendLog.Email));
        Assert.Equal(WaitingReasons.OtherAttempt, DeliveryFailures.WaitingFor(new SendInProgressException("k", TimeSpan.Zero), SendLog.Email));
    }
}
