using System.Collections.Concurrent;
using MimeKit;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.IntegrationTests.Inbox;

/// <summary>Stands in for routing: remembers every subject handed over, and can refuse some.</summary>
internal sealed class RecordingMailHandler : IInboundMailHandler
{
    private readonly ConcurrentQueue<string> handled = new();
    private readonly ConcurrentDictionary<string, int> attempts = new();

    /// <summary>Subjects containing this throw, as a message routing cannot digest would.</summary>
    public string? Poison { get; init; }

    /// <summary>Subjects containing this never return until the worker stops, as a message that kills the process would.</summary>
    public string? Crash { get; init; }

    /// <summary>Subjects containing this throw <see cref="Outage"/> on their first <see cref="OutageAttempts"/> attempts, as when a service the handler needs is down.</summary>
    public string? DuringOutage { get; init; }

    public Func<Exception> Outage { get; init; } = () => new TimeoutException("a service is down");

    public int OutageAttempts { get; init; }

    public async Task HandleAsync(MimeMessage message, CancellationToken ct)
    {
        var subject = message.Subject ?? "";
        var attempt = attempts.AddOrUpdate(subject, 1, (_, n) => n + 1);
        if (DuringOutage is not null && subject.Contains(DuringOutage, StringComparison.Ordinal) && attempt <= OutageAttempts)
        {
            throw Outage();
        }

        if (Crash is not null && subject.Contains(Crash, StringComparison.Ordinal))
        {
            await Task.Delay(Timeout.Infinite, ct);
        }

        if (Poison is not null && subject.Contains(Poison, StringComparison.Ordinal))
        {
            throw new FormatException("routing cannot read this message");
        }

        handled.Enqueue(subject);
    }

    /// <summary>Subjects handled that carry this test's token, in the order they were handed over.</summary>
    public List<string> HandledWith(string token) => handled.Where(s => s.Contains(token, StringComparison.Ordinal)).ToList();

    public int AttemptsAt(string subject) => attempts.GetValueOrDefault(subject);

    public async Task<List<string>> WaitForAsync(string token, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (HandledWith(token).Count < count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        return HandledWith(token);
    }
}
