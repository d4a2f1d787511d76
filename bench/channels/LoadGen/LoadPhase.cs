namespace SupportBot.Bench.Channels;

/// <summary>How long a phase warms up, then measures.</summary>
internal sealed record PhaseTiming(TimeSpan WarmUp, TimeSpan Measure);

/// <summary>
/// Runs one phase: every conversation starts at once, runs through the warm-up and the measured
/// window, then stops starting turns; turns in flight get <see cref="BenchOptions.ReplyTimeout"/> to end.
/// </summary>
internal static class LoadPhase
{
    /// <param name="conversation">One simulated learner: (index, recorder, stop starting turns, abort everything).</param>
    public static async Task<PhaseResult> RunAsync(
        string target, string channel, int round, PhaseTiming timing, BenchOptions options, ProcessCpu cpu,
        Func<int, TurnRecorder, CancellationToken, CancellationToken, Task> conversation)
    {
        var recorder = new TurnRecorder();
        using var stop = new CancellationTokenSource();
        using var abort = new CancellationTokenSource();
        // With a think time, learners start spread over one think time, as independent people would,
        // not 200 in step (which would measure a burst of 200 simultaneous turns every think time).
        var learners = Enumerable.Range(0, options.Conversations)
            .Select(k => Task.Run(async () =>
            {
                await PauseAsync(options.ThinkTime * Random.Shared.NextDouble(), stop.Token);
                await conversation(k, recorder, stop.Token, abort.Token);
            }))
            .ToArray();

        await Task.Delay(timing.WarmUp);
        var before = cpu.Snapshot();
        recorder.OpenWindow();
        await Task.Delay(timing.Measure);
        recorder.CloseWindow();
        var after = cpu.Snapshot();

        await stop.CancelAsync();
        abort.CancelAfter(options.ReplyTimeout + TimeSpan.FromSeconds(5));
        try
        {
            await Task.WhenAll(learners);
        }
        catch (OperationCanceledException)
        {
            // Aborted after the grace period: the phase is over either way.
        }

        return recorder.Result(target, channel, round, ProcessCpu.Difference(before, after));
    }

    /// <summary>A learner reading the answer and typing the next question: uniform between half and one and a half think times.</summary>
    public static Task ThinkAsync(TimeSpan thinkTime, CancellationToken stop) =>
        PauseAsync(thinkTime * (0.5 + Random.Shared.NextDouble()), stop);

    /// <summary>A pause that ends early, without throwing, when the phase stops.</summary>
    public static async Task PauseAsync(TimeSpan delay, CancellationToken stop)
    {
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        try
        {
            await Task.Delay(delay, stop);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
