using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Digests;

public sealed class DigestOptions
{
    public const string SectionName = "Digests";

    /// <summary>Volunteers get their digest during this hour of their own local morning (0-23).</summary>
    [Range(0, 23, ErrorMessage = "must be an hour between 0 and 23")]
    public int VolunteerLocalHour { get; set; } = 8;

    /// <summary>Most open questions listed in one volunteer digest.</summary>
    [Range(1, 100, ErrorMessage = "must be between 1 and 100")]
    public int MaxQuestions { get; set; } = 10;

    /// <summary>The tutors' weekly digest counts learners not seen in the chat for this many days.</summary>
    [Range(1, 365, ErrorMessage = "must be between 1 and 365")]
    public int SilentDays { get; set; } = 10;
}
