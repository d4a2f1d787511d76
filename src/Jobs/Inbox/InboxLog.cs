using Microsoft.Extensions.Logging;

namespace SupportBot.Jobs.Inbox;

/// <summary>The watcher's log lines: UIDs and Message-IDs only, never a subject or a body.</summary>
internal static partial class InboxLog
{
    [LoggerMessage(2, LogLevel.Information, "This worker now watches the inbox (advisory lock {LockKey} taken)")]
    public static partial void BecameWatcher(ILogger logger, long lockKey);

    [LoggerMessage(3, LogLevel.Warning, "The connection holding the inbox lock is gone; stopping and trying to take the lock again")]
    public static partial void LeaseLost(ILogger logger);

    [LoggerMessage(4, LogLevel.Warning, "Cannot reach the database to take the inbox lock; trying again in {Delay}")]
    public static partial void LockUnavailable(ILogger logger, TimeSpan delay, Exception exception);

    [LoggerMessage(5, LogLevel.Information, "Watching {Mailbox} (UIDVALIDITY {UidValidity}, after UID {LastUid}, {Mode})")]
    public static partial void Watching(ILogger logger, string mailbox, uint uidValidity, uint lastUid, string mode);

    [LoggerMessage(6, LogLevel.Warning, "Lost the IMAP connection to {Mailbox}; reconnecting in {Delay}: {Reason}")]
    public static partial void ConnectionLost(ILogger logger, string mailbox, TimeSpan delay, string reason);

    [LoggerMessage(7, LogLevel.Error, "The inbox watcher failed unexpectedly on {Mailbox}; reconnecting in {Delay}")]
    public static partial void WatcherFailed(ILogger logger, string mailbox, TimeSpan delay, Exception exception);

    [LoggerMessage(8, LogLevel.Warning, "UIDVALIDITY of {Mailbox} is {UidValidity} (was {Previous}): resuming after UID {LastUid}, before the oldest unseen message")]
    public static partial void Resynchronising(ILogger logger, string mailbox, uint uidValidity, uint? previous, uint lastUid);

    [LoggerMessage(9, LogLevel.Information, "Handed over UID {Uid} (Message-ID {MessageId})")]
    public static partial void Handled(ILogger logger, uint uid, string messageId);

    [LoggerMessage(10, LogLevel.Warning, "Handling UID {Uid} (Message-ID {MessageId}) failed, attempt {Attempt} of {MaxAttempts}; retrying at the next wake")]
    public static partial void HandlerFailed(ILogger logger, uint uid, string messageId, int attempt, int maxAttempts, Exception exception);

    [LoggerMessage(11, LogLevel.Error, "Skipping UID {Uid} (Message-ID {MessageId}) after {Attempts} failed attempts; it stays unseen in the mailbox for a person to look at")]
    public static partial void MessageSkipped(ILogger logger, uint uid, string messageId, int attempts, Exception exception);

    [LoggerMessage(15, LogLevel.Error, "Quarantined UID {Uid} (Message-ID {MessageId}) after {Attempts} attempts that never finished: {Reason}")]
    public static partial void MessageQuarantined(ILogger logger, uint uid, string messageId, int attempts, string reason);

    [LoggerMessage(12, LogLevel.Warning, "Handling UID {Uid} (Message-ID {MessageId}) met an outage (not counted against the message); retrying at the next wake")]
    public static partial void HandlerOutage(ILogger logger, uint uid, string messageId, Exception exception);

    [LoggerMessage(13, LogLevel.Debug, "Woke after {Elapsed} ({Reason})")]
    public static partial void Woke(ILogger logger, TimeSpan elapsed, string reason);

    [LoggerMessage(14, LogLevel.Warning, "Lost the database while watching {Mailbox}; nothing past the last saved UID is lost, resuming in {Delay}: {Reason}")]
    public static partial void DatabaseLost(ILogger logger, string mailbox, TimeSpan delay, string reason);
}
