using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.StudyGroups.Groups;

/// <summary>Study groups after matching (#8): rounds, proposals and reminders.</summary>
public sealed class GroupOptions
{
    public const string SectionName = "Groups";

    /// <summary>Members of a group share at least this many minutes a week (passed to the matcher).</summary>
    [Range(15, 1440, ErrorMessage = "must be between 15 and 1440")]
    public int MinSharedMinutes { get; set; } = 60;

    /// <summary>A proposal nobody finished answering is dissolved after this long, and its members go back to the pool.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "60.00:00:00", ErrorMessage = "must be between 1 and 60 days")]
    public TimeSpan ProposalLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long before each shared slot members get a reminder.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00", ErrorMessage = "must be between 5 minutes and 1 day")]
    public TimeSpan ReminderLead { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The weekly matching round: day (Sunday..Saturday) and hour in <see cref="MatchTimeZone"/>.</summary>
    [EnumDataType(typeof(DayOfWeek), ErrorMessage = "must be a day name such as Sunday")]
    public DayOfWeek MatchDay { get; set; } = DayOfWeek.Sunday;

    [Range(0, 23, ErrorMessage = "must be between 0 and 23")]
    public int MatchHour { get; set; } = 18;

    /// <summary>IANA zone of <see cref="MatchHour"/>.</summary>
    [Required(ErrorMessage = "is required (an IANA zone such as Europe/Paris)")]
    public string MatchTimeZone { get; set; } = "Europe/Paris";
}
