using SupportBot.Shared.Digests;

namespace SupportBot.Jobs.Digests;

/// <summary>Hourly (recurring job "digests-volunteers", UTC): volunteers for whom it is 08:00 locally get their digest.</summary>
public sealed class VolunteerDigestJob(DigestSender digests)
{
    public const string RecurringId = "digests-volunteers";

    public Task<int> RunAsync(CancellationToken ct) => digests.SendVolunteerDigestsAsync(ct);
}

/// <summary>Mondays at 08:00 Europe/Paris (recurring job "digests-tutors"): each tutor's weekly digest per module.</summary>
public sealed class TutorDigestJob(DigestSender digests)
{
    public const string RecurringId = "digests-tutors";

    public Task<int> RunAsync(CancellationToken ct) => digests.SendTutorDigestsAsync(ct);
}
