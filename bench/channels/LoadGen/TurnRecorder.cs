using System.Diagnostics;

namespace SupportBot.Bench.Channels;

/// <summary>
/// Collects the turns of one phase: a turn counts when its reply arrives inside the measured
/// window (after the warm-up), so throughput = counted turns / window length.
/// </summary>
internal sealed class TurnRecorder
{
    private readonly Lock gate = new();
    private readonly List<double> latencies = new(64 * 1024);
    private readonly List<double> setups = [];
    private long windowStart = long.MaxValue;
    private long windowEnd = long.MaxValue;
    private int errors;
    private int timeouts;
    private int gaveUp;

    public void OpenWindow() => Volatile.Write(ref windowStart, Stopwatch.GetTimestamp());

    public void CloseWindow() => Volatile.Write(ref windowEnd, Stopwatch.GetTimestamp());

    public TimeSpan Window => Stopwatch.GetElapsedTime(windowStart, windowEnd);

    public bool IsMeasuring(long timestamp) => timestamp >= Volatile.Read(ref windowStart) && timestamp <= Volatile.Read(ref windowEnd);

    /// <summary>A turn: message sent at <paramref name="sent"/>, reply received at <paramref name="replied"/> (Stopwatch ticks).</summary>
    public void Turn(long sent, long replied)
    {
        if (!IsMeasuring(replied))
        {
            return;
        }

        var ms = Stopwatch.GetElapsedTime(sent, replied).TotalMilliseconds;
        lock (gate)
        {
            latencies.Add(ms);
        }
    }

    /// <summary>Direct Line: token, start conversation, WebSocket connected.</summary>
    public void Setup(long started, long ready)
    {
        if (!IsMeasuring(ready))
        {
            return;
        }

        var ms = Stopwatch.GetElapsedTime(started, ready).TotalMilliseconds;
        lock (gate)
        {
            setups.Add(ms);
        }
    }

    /// <summary>A failed request, counted over the whole phase (warm-up included).</summary>
    public void Error() => Interlocked.Increment(ref errors);

    /// <summary>
    /// No reply within the reply timeout, counted over the whole phase (warm-up included); one that
    /// gives up inside the window also enters the percentiles as an infinite latency, so a bot that
    /// leaves learners waiting does not look faster for it.
    /// </summary>
    public void Timeout()
    {
        Interlocked.Increment(ref timeouts);
        if (IsMeasuring(Stopwatch.GetTimestamp()))
        {
            lock (gate)
            {
                gaveUp++;
            }
        }
    }

    public PhaseResult Result(string target, string channel, int round, IReadOnlyDictionary<string, double> cpuSeconds)
    {
        lock (gate)
        {
            return new PhaseResult(target, channel, round, Window.TotalSeconds, [.. latencies], [.. setups], errors, timeouts, gaveUp, cpuSeconds);
        }
    }
}

/// <summary>What one phase measured; latencies in milliseconds.</summary>
internal sealed record PhaseResult(
    string Target, string Channel, int Round, double Seconds, double[] Latencies, double[] Setups, int Errors, int Timeouts, int GaveUpInWindow,
    IReadOnlyDictionary<string, double> CpuSeconds)
{
    public int Turns => Latencies.Length;

    /// <summary>Latencies of the window with each turn given up on as +infinity: what percentiles are taken over.</summary>
    public IEnumerable<double> LatenciesWithTimeouts => Latencies.Concat(Enumerable.Repeat(double.PositiveInfinity, GaveUpInWindow));

    public double TurnsPerSecond => Turns / Seconds;
}

internal static class Percentiles
{
    /// <summary>Nearest-rank percentile (p in 0..100) of unsorted values; NaN when empty.</summary>
    public static double Of(IEnumerable<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
