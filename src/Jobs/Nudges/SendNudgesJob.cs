using SupportBot.Shared.Nudges;

namespace SupportBot.Jobs.Nudges;

/// <summary>Daily (Hosting/RecurringJobs.cs): the <see cref="NudgeSender"/>'s due nudges, safe to run twice.</summary>
public sealed class SendNudgesJob(NudgeSender nudges)
{
    /// <returns>How many learners were nudged.</returns>
    public Task<int> RunAsync(CancellationToken ct) => nudges.SendDueAsync(ct);
}
