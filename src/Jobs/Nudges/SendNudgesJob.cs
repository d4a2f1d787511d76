using SupportBot.Shared.Nudges;

namespace SupportBot.Jobs.Nudges;

/// <summary>Daily (recurring job "nudges-daily", 10:00 Europe/Paris): the <see cref="NudgeSender"/>'s due nudges, safe to run twice.</summary>
public sealed class SendNudgesJob(NudgeSender nudges)
{
    public const string RecurringId = "nudges-daily";

    /// <returns>How many learners were nudged.</returns>
    public Task<int> RunAsync(CancellationToken ct) => nudges.SendDueAsync(ct);
}
