using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Nudges;

public sealed class NudgeOptions
{
    public const string SectionName = "Nudges";

    /// <summary>Learners not seen in the chat for this many days get a gentle message.</summary>
    [Range(1, 365, ErrorMessage = "must be between 1 and 365")]
    public int SilentDays { get; set; } = 10;

    /// <summary>At most this many nudges per learner per calendar month (UTC).</summary>
    [Range(0, 31, ErrorMessage = "must be between 0 and 31")]
    public int MaxPerMonth { get; set; } = 1;
}
