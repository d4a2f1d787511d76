namespace SupportBot.Jobs.Inbox;

/// <summary>
/// Waits between reconnection attempts: doubling from the first delay up to the ceiling, each wait
/// jittered between half and all of it so workers that lost the server together do not return together.
/// </summary>
internal sealed class ReconnectBackoff(TimeSpan first, TimeSpan max, Func<double>? random = null)
{
    private readonly Func<double> random = random ?? Random.Shared.NextDouble;
    private int failures;

    public TimeSpan Next()
    {
        var ceiling = Math.Min(max.Ticks, first.Ticks * Math.Pow(2, Math.Min(failures, 30)));
        failures++;
        return TimeSpan.FromTicks((long)(ceiling * (0.5 + (random() / 2))));
    }

    public void Reset() => failures = 0;
}
