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
