using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.Jobs.Inbox;

/// <summary>
/// Hands every new message of the support mailbox to <see cref="IInboundMailHandler"/>, once and
/// in order, from whichever worker holds the inbox lock. It expects to lose both the IMAP server
/// and the database, and comes back by itself.
/// </summary>
internal sealed class InboxWatcher(
    IOptions<ImapOptions> imap,
    MailLogin login,
    IOptions<InboxOptions> inbox,
    InboxLeadership leadership,
    InboxPositionStore positions,
    InboxQuarantine quarantine,
    IServiceScopeFactory scopes,
    TimeProvider time,
    ILogger<InboxWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var lease = await TryLeadAsync(stoppingToken);
                if (lease is null)
                {
                    await Task.Delay(inbox.Value.LockRetryInterval, time, stoppingToken);
                    continue;
                }

                await using (lease)
                {
                    InboxLog.BecameWatcher(logger, InboxLeadership.LockKey);
                    using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                    var monitor = MonitorLeaseAsync(lease, leading, leading.Token);
                    await WatchAsync(leading.Token);
                    await leading.CancelAsync();
                    await monitor;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutdown.
        }
    }

    private async Task<InboxLease?> TryLeadAsync(CancellationToken ct)
    {
        try
        {
            return await leadership.TryAcquireAsync(ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            InboxLog.LockUnavailable(logger, inbox.Value.LockRetryInterval, ex);
            return null;
        }
    }

    /// <summary>Stops watching as soon as the lock's connection is found dead: another worker may already lead.</summary>
    private async Task MonitorLeaseAsync(InboxLease lease, CancellationTokenSource leading, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(inbox.Value.LockRetryInterval, time, ct);
                if (!await lease.IsHeldAsync(ct))
                {
                    InboxLog.LeaseLost(logger);
                    await leading.CancelAsync();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Watching ended for another reason.
        }
    }

    /// <summary>Runs IMAP sessions back to back until cancelled, waiting longer after each failure.</summary>
    private async Task WatchAsync(CancellationToken ct)
    {
        var options = inbox.Value;
        var backoff = new ReconnectBackoff(options.ReconnectDelay, options.MaxReconnectDelay);
        var mailbox = InboxSession.MailboxKey(imap.Value);
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var session = new InboxSession(imap.Value, login, options, positions, scopes, quarantine, time, logger);
                await session.RunAsync(backoff.Reset, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                var delay = backoff.Next();
                if (InboxSession.IsDatabaseProblem(ex))
                {
                    InboxLog.DatabaseLost(logger, mailbox, delay, ex.Message);
                }
                else if (InboxSession.IsConnectionProblem(ex))
                {
                    InboxLog.ConnectionLost(logger, mailbox, delay, ex.Message);
                }
                else
                {
                    InboxLog.WatcherFailed(logger, mailbox, delay, ex);
                }

                try
                {
                    await Task.Delay(delay, time, ct);
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    return;
                }
            }
        }
    }
}
