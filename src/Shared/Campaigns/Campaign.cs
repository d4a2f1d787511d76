using SupportBot.Shared.People;

namespace SupportBot.Shared.Campaigns;

public enum CampaignStatus
{
    Draft,
    Scheduled,
    Paused,
    Cancelled,
    Done,
}

public enum CampaignChannel
{
    /// <summary>In the chat when the learner has a conversation the bot can write to, else by email.</summary>
    ChatElseEmail,
    EmailOnly,
}

/// <summary>A message in both languages, as Fluid templates (variables: first_name, module, exam_date, links.chat, links.unsubscribe).</summary>
public sealed record CampaignMessage(string SubjectFr, string BodyFr, string SubjectEn, string BodyEn);

/// <summary>What a tutor asks for.</summary>
public sealed record NewCampaign(
    string Name, string? ModuleId, Guid? CreatedBy, AudienceFilter Audience, CampaignMessage Message, CampaignChannel Channel, LocalSchedule Schedule);

public sealed record Campaign(
    Guid Id, string Name, string? ModuleId, string? ModuleTitle, DateOnly? ExamDate, Guid? CreatedBy, AudienceFilter Audience,
    CampaignMessage Message, CampaignChannel Channel, LocalSchedule Schedule, CampaignStatus Status, DateTimeOffset CreatedAt);

/// <summary>Where a campaign stands: its deliveries by state, over every occurrence so far.</summary>
/// <param name="WaitingSince">When open deliveries started waiting for a service that is down (null when none waits).</param>
/// <param name="WaitingFor">Which service (one of <see cref="Delivery.WaitingReasons"/>), with <paramref name="WaitingSince"/>.</param>
public sealed record CampaignProgress(int Due, int Sent, int Failed, int SkippedOptedOut, int SkippedBouncing, int Cancelled,
    DateTimeOffset? WaitingSince = null, string? WaitingFor = null)
{
    public int Total => Due + Sent + Failed + SkippedOptedOut + SkippedBouncing + Cancelled;
}

/// <summary>Where a campaign's latest occurrence stands; <paramref name="Occurrence"/> is its local date.</summary>
public sealed record OccurrenceProgress(DateOnly? Occurrence, CampaignProgress Progress);

public sealed record CampaignSummary(Guid Id, string Name, string? ModuleId, CampaignStatus Status, ScheduleKind Schedule, CampaignProgress Progress);

/// <summary>The deliveries a batch job sends: one occurrence, recipients whose id is within [From, To].</summary>
public sealed record CampaignBatch(Guid CampaignId, DateOnly Occurrence, Guid From, Guid To);

public static class CampaignKeys
{
    /// <summary>The send log key of one campaign message: campaign:&lt;id&gt;:&lt;person&gt;:&lt;occurrence&gt;.</summary>
    public static string For(Guid campaignId, Guid personId, DateOnly occurrence) =>
        $"campaign:{campaignId}:{personId}:{occurrence:yyyy-MM-dd}";

    /// <summary>A test send to the tutor: unique per request, so a tutor can test again after editing.</summary>
    public static string Test(Guid campaignId, Guid tutorId, DateTimeOffset at) =>
        $"campaign:{campaignId}:test:{tutorId}:{at.UtcTicks}";
}
