using SupportBot.Shared.Digests;

namespace SupportBot.Jobs.Digests;

/// <summary>Hourly (Hosting/RecurringJobs.cs): volunteers for whom it is 08:00 locally get their digest.</summary>
public sealed class VolunteerDigestJob(DigestSender digests)
{
    public Task<int> RunAsync(CancellationToken ct) => digests.SendVolunteerDigestsAsync(ct);
}

/// <summary>Weekly (Hosting/RecurringJobs.cs): each tutor's weekly digest per module.</summary>
public sealed class TutorDigestJob(DigestSender digests)
{
    public Task<int> RunAsync(CancellationToken ct) => digests.SendTutorDigestsAsync(ct);
}
