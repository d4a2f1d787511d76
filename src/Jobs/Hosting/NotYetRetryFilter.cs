using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using SupportBot.Shared.Delivery;

namespace SupportBot.Jobs.Hosting;

/// <summary>
/// A job that failed with "not yet" (<see cref="DeliveryFailures.Classify"/>: another attempt still
/// holds the message's send-log claim, or the mail server, the Bot Connector or PostgreSQL is down)
/// is scheduled again without using up one of its retries: it waits as long as the outage lasts,
/// and comes back once the other attempt's lease has run out. Only a real failure counts against
/// <c>[AutomaticRetry]</c>, so an outage longer than the retries loses no message.
/// </summary>
/// <remarks>Runs before AutomaticRetry (order 20), which then finds no failure to count.</remarks>
internal sealed class NotYetRetryFilter(TimeSpan outageRetryEvery) : JobFilterAttribute, IElectStateFilter
{
    public const string WaitsParameter = "NotYetWaits";

    private static readonly Lock RegistrationGate = new();

    /// <summary>
    /// Adds the filter to <paramref name="filters"/> (Hangfire's are one list for the whole process) unless it is there:
    /// once however many hosts the process builds, and hosts built side by side (the integration tests) must not read
    /// that plain list while another adds to it. The first host's wait between outage retries holds for the process.
    /// </summary>
    public static void RegisterOnce(JobFilterCollection filters, TimeSpan outageRetryEvery)
    {
        lock (RegistrationGate)
        {
            if (!filters.Any(f => f.Instance is NotYetRetryFilter))
            {
                filters.Add(new NotYetRetryFilter(outageRetryEvery));
            }
        }
    }

    public void OnStateElection(ElectStateContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.CandidateState is not FailedState failed || DeliveryFailures.Classify(failed.Exception) != FailureKind.NotYet)
        {
            return;
        }

        var busy = Find<SendInProgressException>(failed.Exception);
        var delay = busy is not null ? busy.RetryAfter + TimeSpan.FromSeconds(1) : outageRetryEvery;
        var waits = context.GetJobParameter<int>(WaitsParameter) + 1;
        context.SetJobParameter(WaitsParameter, waits);
        context.CandidateState = new ScheduledState(delay)
        {
            Reason = $"Not yet (wait {waits}, no retry used): {failed.Exception.GetType().Name}: {failed.Exception.Message}",
        };
    }

    private static T? Find<T>(Exception? ex)
        where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T found)
            {
                return found;
            }
        }

        return null;
    }
}
