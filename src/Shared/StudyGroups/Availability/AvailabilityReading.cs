namespace SupportBot.Shared.StudyGroups.Availability;

/// <summary>
/// What <see cref="AvailabilityParser"/> read: either weekly slots (local to the learner) or, when
/// the phrase is unclear, one precise question to ask back in the learner's language. Never both.
/// </summary>
public sealed record AvailabilityReading
{
    private AvailabilityReading(IReadOnlyList<WeeklySlot> slots, string? question)
    {
        Slots = slots;
        Question = question;
    }

    /// <summary>Sorted by day (Sunday first, as <see cref="DayOfWeek"/>) then start; no two overlap or touch.</summary>
    public IReadOnlyList<WeeklySlot> Slots { get; }

    /// <summary>The question to ask back; null when the phrase was understood.</summary>
    public string? Question { get; }

    public bool IsClear => Question is null;

    public static AvailabilityReading Clear(IReadOnlyList<WeeklySlot> slots) => new(slots, null);

    public static AvailabilityReading Unclear(string question) => new([], question);
}
