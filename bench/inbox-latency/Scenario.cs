namespace SupportBot.Bench.InboxLatency;

internal sealed record BenchEnvironment(string PostgresConnectionString, int Smtp4devSmtpPort, int Smtp4devImapPort, int DovecotImapPort, int Messages);

internal enum MailServer
{
    Smtp4dev,
    Dovecot,
}

/// <summary>One way of watching one server; the polling scenario of each server is its baseline.</summary>
internal sealed record Scenario(string Name, MailServer Server, bool UseIdle, TimeSpan Heartbeat, string Description, string? Baseline)
{
    private static readonly TimeSpan DefaultHeartbeat = TimeSpan.FromSeconds(5);

    // Longer than any scenario: the heartbeat never fires, so only the server's own push wakes the watcher.
    private static readonly TimeSpan NoHeartbeat = TimeSpan.FromMinutes(29);

    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(30);

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("smtp4dev-poll", MailServer.Smtp4dev, false, DefaultHeartbeat, "smtp4dev, polling every 30 s (default PollInterval)", null),
        new("smtp4dev-idle-noop", MailServer.Smtp4dev, true, DefaultHeartbeat, "smtp4dev, IDLE with a NOOP every 5 s (defaults)", "smtp4dev-poll"),
        new("smtp4dev-idle-only", MailServer.Smtp4dev, true, NoHeartbeat, "smtp4dev, IDLE alone (heartbeat off)", "smtp4dev-poll"),
        new("dovecot-poll", MailServer.Dovecot, false, DefaultHeartbeat, "Dovecot, polling every 30 s (default PollInterval)", null),
        new("dovecot-idle-noop", MailServer.Dovecot, true, DefaultHeartbeat, "Dovecot, IDLE with a NOOP every 5 s (defaults)", "dovecot-poll"),
        new("dovecot-idle-only", MailServer.Dovecot, true, NoHeartbeat, "Dovecot, IDLE alone (heartbeat off)", "dovecot-poll"),
    ];
}

internal sealed record ScenarioResult(Scenario Scenario, IReadOnlyList<TimeSpan> Latencies, int Expected)
{
    public TimeSpan P50 => Percentile(0.50);

    public TimeSpan P99 => Percentile(0.99);

    /// <summary>Nearest-rank percentile over every message sent; a missing message counts as infinitely late.</summary>
    private TimeSpan Percentile(double p)
    {
        var sorted = Latencies.Order().Concat(Enumerable.Repeat(TimeSpan.MaxValue, Math.Max(0, Expected - Latencies.Count))).ToList();
        if (sorted.Count == 0)
        {
            return TimeSpan.MaxValue;
        }

        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }
}
