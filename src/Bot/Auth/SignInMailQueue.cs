using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.Auth;

/// <summary>
/// Sign-in link requests, answered in the background: the page answers at once and alike for every
/// address, a tutor's or not, whatever the mail server's speed, so neither its text nor its timing
/// tells who the tutors are. Mails per address are limited here (Auth:SignInMailsPerAddress per
/// Auth:SignInRequestWindow, counted in PostgreSQL across hosts); past the limit a request sends
/// nothing more, and the links already mailed keep working: flooding an address cannot lock its tutor out.
/// </summary>
internal sealed partial class SignInMailQueue(
    TutorAccounts accounts, SignInLinks links, SignInMailer mailer, IOptions<AuthOptions> options, TimeProvider clock, ILogger<SignInMailQueue> logger)
    : BackgroundService
{
    // Far more than tutors ask for; when full (a flood) further requests are dropped, the answer unchanged.
    private readonly Channel<string> requests = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Enqueue(string email)
    {
        if (!requests.Writer.TryWrite(email.Trim()))
        {
            LogQueueFull();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var email in requests.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(email, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The tutor asks again; nothing else waits on this mail.
                LogFailed(ex.GetType().Name, ex.Message);
            }
        }
    }

    private async Task SendAsync(string email, CancellationToken ct)
    {
        if (await accounts.FindByEmailAsync(email, ct) is not { } tutor)
        {
            LogNotATutor();
            return;
        }

        var o = options.Value;
        if (await links.CountCreatedSinceAsync(tutor.Id, clock.GetUtcNow() - o.SignInRequestWindow, ct) >= o.SignInMailsPerAddress)
        {
            LogThrottled(tutor.Id);
            return;
        }

        var token = await links.CreateAsync(tutor.Id, ct);
        await mailer.SendAsync(tutor, token, o.LinkLifetime, ct);
        LogLinkSent(tutor.Id);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in link sent to tutor {PersonId}")]
    private partial void LogLinkSent(Guid personId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sign-in link asked for an address that is not a tutor's")]
    private partial void LogNotATutor();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in link not sent to tutor {PersonId}: as many as Auth:SignInMailsPerAddress were sent in the window")]
    private partial void LogThrottled(Guid personId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sign-in link requests dropped: the queue is full (a flood?)")]
    private partial void LogQueueFull();

    [LoggerMessage(Level = LogLevel.Error, Message = "Sign-in link not sent: {Error}: {Message}")]
    private partial void LogFailed(string error, string message);
}
