using System.Data.Common;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using MailKit.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MimeKit;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.Jobs.Inbox;

/// <summary>
/// One IMAP connection, from login until it breaks: finds where to resume, hands every new
/// message over in UID order, then waits for more (IDLE with a NOOP heartbeat, or polling).
/// It throws when the connection fails; the watcher reconnects.
/// </summary>
internal sealed class InboxSession(
    ImapOptions imap,
    MailLogin login,
    InboxOptions inbox,
    InboxPositionStore positions,
    IServiceScopeFactory scopes,
    InboxQuarantine quarantine,
    TimeProvider time,
    ILogger logger)
{
    // A silent dead connection must surface as an error well before a person would notice.
    private const int CommandTimeoutMs = 30_000;

    // Not worth an IDLE round trip: check at once.
    private static readonly TimeSpan MinimumWait = TimeSpan.FromMilliseconds(10);

    public static string MailboxKey(ImapOptions imap) => $"{imap.UserName}@{imap.Host}/{imap.Folder}";

    /// <summary>Exceptions that mean the connection failed, not the code: logged as a warning, then reconnect.</summary>
    public static bool IsConnectionProblem(Exception ex) => ex is IOException or SocketException or ImapProtocolException
        or ServiceNotConnectedException or ServiceNotAuthenticatedException or FolderNotOpenException
        or SslHandshakeException or AuthenticationException or TimeoutException;

    /// <summary>
    /// The database failed, here or under a library that wraps it (Hangfire's client wraps an
    /// outage met while enqueueing the relay in a BackgroundJobClientException).
    /// </summary>
    public static bool IsDatabaseProblem(Exception ex) => ex is DbException || (ex.InnerException is { } inner && IsDatabaseProblem(inner));

    public async Task RunAsync(Action connected, CancellationToken ct)
    {
        using var client = new ImapClient { Timeout = CommandTimeoutMs };
        try
        {
            await client.ConnectAsync(imap.Host, imap.Port, imap.Security, ct);
            await login.LogInAsync(client, ct);
            var folder = string.Equals(imap.Folder, "INBOX", StringComparison.OrdinalIgnoreCase)
                ? client.Inbox
                : await client.GetFolderAsync(imap.Folder, ct);
            // Read-write so handled messages can be flagged \Seen, which a resynchronisation relies on.
            await folder.OpenAsync(FolderAccess.ReadWrite, ct);
            connected();

            var useIdle = inbox.UseIdle && client.Capabilities.HasFlag(ImapCapabilities.Idle);
            var position = await StartingPositionAsync(folder, ct);
            InboxLog.Watching(logger, MailboxKey(imap), position.UidValidity, position.LastUid,
                useIdle ? $"IDLE with a NOOP every {inbox.HeartbeatInterval}" : $"polling every {inbox.PollInterval}");

            var lastCheck = time.GetTimestamp();
            while (true)
            {
                position = await CatchUpAsync(folder, position, ct);

                // Checks keep a fixed cadence from the previous one, so time spent handling a batch
                // does not make the next message wait longer than one interval.
                var wait = (useIdle ? inbox.HeartbeatInterval : inbox.PollInterval) - time.GetElapsedTime(lastCheck);
                if (wait > MinimumWait)
                {
                    await (useIdle ? IdleAsync(client, folder, wait, ct) : Task.Delay(wait, time, ct));
                }

                lastCheck = time.GetTimestamp();
                // smtp4dev (and some others) tell of new mail during IDLE only ~30 s late; a NOOP sees it at once.
                await client.NoOpAsync(ct);
            }
        }
        finally
        {
            await DisconnectQuietlyAsync(client);
        }
    }

    /// <summary>
    /// The saved position when UIDVALIDITY is unchanged. Otherwise (first start, or the server
    /// renumbered the folder, so saved UIDs mean nothing) resume just before the oldest message not
    /// flagged \Seen: the watcher flags what it handled, so that is where unhandled mail can begin.
    /// Messages after it that were handled already are handed over again, which is safe because the
    /// handler is idempotent per Message-ID; re-reading the whole folder would be safe too, but slow
    /// on a large mailbox, and starting at the newest UID could lose mail that arrived meanwhile.
    /// </summary>
    private async Task<InboxPosition> StartingPositionAsync(IMailFolder folder, CancellationToken ct)
    {
        var key = MailboxKey(imap);
        var saved = await positions.ReadAsync(key, ct);
        if (saved is not null && saved.UidValidity == folder.UidValidity)
        {
            return saved;
        }

        var unseen = await folder.SearchAsync(SearchQuery.NotSeen, ct);
        uint lastUid;
        if (unseen.Count > 0)
        {
            lastUid = unseen.Min(u => u.Id) - 1;
        }
        else if (folder.UidNext is { } next)
        {
            lastUid = next.Id - 1;
        }
        else
        {
            var all = await folder.SearchAsync(SearchQuery.All, ct);
            lastUid = all.Count > 0 ? all.Max(u => u.Id) : 0;
        }

        var position = new InboxPosition(folder.UidValidity, lastUid);
        InboxLog.Resynchronising(logger, key, position.UidValidity, saved?.UidValidity, lastUid);
        await positions.SaveAsync(key, position, ct);
        return position;
    }

    private async Task<InboxPosition> CatchUpAsync(IMailFolder folder, InboxPosition position, CancellationToken ct)
    {
        if (position.LastUid == uint.MaxValue)
        {
            return position;
        }

        // UID FETCH rather than UID SEARCH: smtp4dev hangs on a SEARCH over a large UID range.
        // "n:*" matches the highest UID even when it is below n: filter that out.
        var range = new UniqueIdRange(new UniqueId(position.UidValidity, position.LastUid + 1), UniqueId.MaxValue);
        var found = await folder.FetchAsync(range, new FetchRequest(MessageSummaryItems.UniqueId), ct);
        foreach (var uid in found.Select(m => m.UniqueId).Where(u => u.Id > position.LastUid).OrderBy(u => u.Id))
        {
            var outcome = await HandleOneAsync(folder, uid, ct);
            if (outcome == Outcome.RetryLater)
            {
                // Later messages wait, so the position only ever moves past a message that is done.
                break;
            }

            position = position with { LastUid = uid.Id };

            // Not cut by shutdown: a message handed over but not recorded would be handed over again
            // by the next worker (one short UPDATE, bounded by the command timeout).
            await positions.SaveAsync(MailboxKey(imap), position, CancellationToken.None);
            if (outcome == Outcome.Handled)
            {
                await folder.StoreAsync(uid, new StoreFlagsRequest(StoreAction.Add, MessageFlags.Seen) { Silent = true }, ct);
            }
        }

        return position;
    }

    private async Task<Outcome> HandleOneAsync(IMailFolder folder, UniqueId uid, CancellationToken ct)
    {
        var mailbox = MailboxKey(imap);
        MimeMessage? message = null;
        Exception? fetchError = null;
        try
        {
            // Only a refusal for this one message counts against it; a broken connection propagates.
            message = await folder.GetMessageAsync(uid, ct);
        }
        catch (Exception ex) when (ex is ImapCommandException or MessageNotFoundException or FormatException)
        {
            fetchError = ex;
        }

        // Counted in PostgreSQL before the handler runs: a message that kills the process counts too.
        var (attempts, lastError, quarantined) = await quarantine.BeginAsync(
            mailbox, folder.UidValidity, uid.Id, message?.MessageId, message?.From.Mailboxes.FirstOrDefault()?.Address, message?.Subject, ct);
        if (quarantined)
        {
            return Outcome.Skipped;
        }

        if (attempts > inbox.MaxAttemptsPerMessage)
        {
            // The previous attempts never reported back: the process died handling this message.
            await quarantine.QuarantineAsync(mailbox, folder.UidValidity, uid.Id, lastError ?? InboxQuarantine.CrashReason, ct);
            InboxLog.MessageQuarantined(logger, uid.Id, MessageIdOf(message), attempts - 1, lastError ?? InboxQuarantine.CrashReason);
            return Outcome.Skipped;
        }

        if (fetchError is not null || message is null)
        {
            return await FailedAsync(folder, uid, message, attempts, fetchError ?? new FormatException("empty message"), ct);
        }

        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IInboundMailHandler>().HandleAsync(message, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            if (DeliveryFailures.Classify(ex) == FailureKind.NotYet)
            {
                // The database or a service the handler needs is down (the same rule every sender
                // uses): not the message's fault, so the attempt does not count against it.
                InboxLog.HandlerOutage(logger, uid.Id, MessageIdOf(message), ex);
                await UncountQuietlyAsync(mailbox, folder.UidValidity, uid.Id, ct);
                return Outcome.RetryLater;
            }

            return await FailedAsync(folder, uid, message, attempts, ex, ct);
        }

        await quarantine.DoneAsync(mailbox, folder.UidValidity, uid.Id, CancellationToken.None);
        InboxLog.Handled(logger, uid.Id, MessageIdOf(message));
        return Outcome.Handled;
    }

    private async Task UncountQuietlyAsync(string mailbox, uint uidValidity, uint uid, CancellationToken ct)
    {
        try
        {
            await quarantine.UncountAsync(mailbox, uidValidity, uid, ct);
        }
        catch (DbException)
        {
            // The database is the outage: the attempt stays counted, which only shortens the budget by one.
        }
    }

    private async Task<Outcome> FailedAsync(IMailFolder folder, UniqueId uid, MimeMessage? message, int attempts, Exception ex, CancellationToken ct)
    {
        var mailbox = MailboxKey(imap);
        var reason = $"{ex.GetType().Name}: {ex.Message}".ReplaceLineEndings(" ");
        if (attempts >= inbox.MaxAttemptsPerMessage)
        {
            await quarantine.QuarantineAsync(mailbox, folder.UidValidity, uid.Id, reason, ct);
            InboxLog.MessageSkipped(logger, uid.Id, MessageIdOf(message), attempts, ex);
            return Outcome.Skipped;
        }

        await quarantine.FailedAsync(mailbox, folder.UidValidity, uid.Id, reason, ct);
        InboxLog.HandlerFailed(logger, uid.Id, MessageIdOf(message), attempts, inbox.MaxAttemptsPerMessage, ex);
        return Outcome.RetryLater;
    }

    /// <summary>Idles until the server announces a change or the heartbeat is due, whichever comes first.</summary>
    private async Task IdleAsync(ImapClient client, IMailFolder folder, TimeSpan heartbeat, CancellationToken ct)
    {
        var started = time.GetTimestamp();
        var announced = false;
        using var done = new CancellationTokenSource(heartbeat, time);
        void OnCountChanged(object? sender, EventArgs e)
        {
            announced = true;
            done.Cancel();
        }

        folder.CountChanged += OnCountChanged;
        try
        {
            await client.IdleAsync(done.Token, ct);
        }
        finally
        {
            folder.CountChanged -= OnCountChanged;
        }

        InboxLog.Woke(logger, time.GetElapsedTime(started), announced ? "the server announced a change" : "heartbeat");
    }

    private static async Task DisconnectQuietlyAsync(ImapClient client)
    {
        if (!client.IsConnected)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await client.DisconnectAsync(true, timeout.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ImapCommandException || IsConnectionProblem(ex))
        {
            // Leaving anyway: the server will notice.
        }
    }

    private static string MessageIdOf(MimeMessage? message) => message?.MessageId ?? "(none)";

    private enum Outcome
    {
        Handled,
        Skipped,
        RetryLater,
    }
}
