using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Campaigns;

public sealed class CampaignOptions
{
    public const string SectionName = "Campaigns";

    /// <summary>Messages per minute from one worker process, all campaigns together; 0 = no limit.</summary>
    [Range(0, 10_000_000, ErrorMessage = "must be 0 (no limit) or a positive number")]
    public int MaxPerMinute { get; set; } = 600;

    /// <summary>Emails per minute to one recipient domain from one worker process; 0 = no limit.</summary>
    [Range(0, 10_000_000, ErrorMessage = "must be 0 (no limit) or a positive number")]
    public int MaxPerMinutePerDomain { get; set; } = 300;

    /// <summary>Recipients per batch job (one SMTP connection each).</summary>
    [Range(1, 100_000, ErrorMessage = "must be between 1 and 100000")]
    public int BatchSize { get; set; } = 500;

    /// <summary>Recipients a batch job claims at a time.</summary>
    [Range(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int ChunkSize { get; set; } = 50;

    /// <summary>How long a claim holds; a job sends nothing more after half of it, and a dead job's claims are taken over after all of it.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "must be between 5 seconds and 1 day")]
    public TimeSpan ClaimTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Deliveries queued this long without a job picking them up (its worker died) get a new batch job.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "1.00:00:00", ErrorMessage = "must be between 5 seconds and 1 day")]
    public TimeSpan RequeueAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>People read per page when an occurrence's audience is resolved.</summary>
    [Range(10, 100_000, ErrorMessage = "must be between 10 and 100000")]
    public int AudiencePageSize { get; set; } = 1000;

    /// <summary>An occurrence's audience is resolved this long before its first recipient (UTC+14) is due.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "2.00:00:00", ErrorMessage = "must be between 0 and 2 days")]
    public TimeSpan ResolveAhead { get; set; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Attempts per recipient that failed for a reason of their own (not an outage, not another
    /// attempt's claim) before the delivery is recorded as failed, with the reason.
    /// </summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int MaxAttempts { get; set; } = 8;
}
