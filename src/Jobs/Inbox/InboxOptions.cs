using System.ComponentModel.DataAnnotations;

namespace SupportBot.Jobs.Inbox;

/// <summary>How the inbox watcher follows the IMAP folder of <c>Imap:*</c>.</summary>
public sealed class InboxOptions
{
    public const string SectionName = "Inbox";

    /// <summary>Watch the inbox in this process (only where Jobs:RunServer is true; one worker watches at a time).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Wait with IDLE when the server offers it; false polls every PollInterval instead.</summary>
    public bool UseIdle { get; set; } = true;

    /// <summary>
    /// While idling, break off this often to NOOP: some servers (smtp4dev) announce new mail only
    /// about 30 s late, and a NOOP both sees it at once and proves the connection is alive.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:29:00", ErrorMessage = "must be between 50 ms and 29 minutes (RFC 2177 servers drop IDLE after 30 minutes)")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often to look for new mail when the server has no IDLE (or UseIdle is false).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00", ErrorMessage = "must be between 50 ms and 1 hour")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reconnecting after the IMAP connection is lost; doubles up to MaxReconnectDelay.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00", ErrorMessage = "must be between 10 ms and 10 minutes")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between reconnection attempts.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00", ErrorMessage = "must be between 10 ms and 1 hour")]
    public TimeSpan MaxReconnectDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often a standby worker tries to become the watcher, and the watcher checks it still is.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00", ErrorMessage = "must be between 50 ms and 10 minutes")]
    public TimeSpan LockRetryInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts at one message (counted in PostgreSQL before handling, crashes included) before it is quarantined and skipped, so one bad message cannot block the inbox.</summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int MaxAttemptsPerMessage { get; set; } = 5;
}
