using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Routing;

public sealed class RoutingOptions
{
    public const string SectionName = "Routing";

    /// <summary>How many volunteers one question goes to at first.</summary>
    [Range(1, 20, ErrorMessage = "must be between 1 and 20")]
    public int PeersPerQuestion { get; set; } = 3;

    /// <summary>A volunteer with this many unanswered questions in hand gets no new one.</summary>
    [Range(1, 50, ErrorMessage = "must be between 1 and 50")]
    public int MaxOpenPerPeer { get; set; } = 2;

    /// <summary>Volunteers are asked only between these local times (their own time zone).</summary>
    public TimeOnly AwakeFrom { get; set; } = new(8, 0);

    public TimeOnly AwakeUntil { get; set; } = new(21, 0);

    /// <summary>
    /// A routed question whose emails were never attempted this long after routing (its host died
    /// between choosing the recipients and enqueueing the sends) is routed again, once a minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00", ErrorMessage = "must be between 00:00:10 and 1.00:00:00")]
    public TimeSpan ResumeUnsentAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Unanswered after this long: the peers get a reminder.</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Unanswered after this long (from routing): the module's tutors get the question.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>Unanswered after this long (from routing): the question expires.</summary>
    public TimeSpan ExpireAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long a question email's reply address (and Message-ID) answers for: a reply after that is
    /// held for a tutor, since an old address may have leaked (forwarded, archived, shared).
    /// </summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "365.00:00:00", ErrorMessage = "must be between 1.00:00:00 and 365.00:00:00")]
    public TimeSpan ReplyTokenLifetime { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Teams teams or channels whose questions belong to a module: a channel's entry wins over its
    /// team's. A list, not a map: Teams ids ("19:...@thread.tacv2") contain ':', the configuration's separator.
    /// </summary>
    public List<TeamsModule> TeamsModules { get; set; } = [];
}

/// <summary>A Teams team or channel (channelData.team.id or channelData.channel.id) and the module of the questions asked there.</summary>
public sealed class TeamsModule
{
    [Required(ErrorMessage = "is required (channelData.team.id or channelData.channel.id)")]
    public string Id { get; set; } = "";

    [Required(ErrorMessage = "is required (a module id)")]
    public string Module { get; set; } = "";
}
