namespace SupportBot.Shared.StudyGroups;

/// <summary>
/// A recurring weekly period in the learner's own time zone: <see cref="Day"/> from
/// <see cref="FromMinute"/> (inclusive) to <see cref="ToMinute"/> (exclusive), minutes after local
/// midnight, 0 &lt;= From &lt; To &lt;= 1440. A period across midnight is two slots. Stored as JSON
/// (<c>{"day":0,"fromMinute":840,"toMinute":1080}</c>, day 0 = Sunday) in
/// <c>study_availability.slots</c>.
/// </summary>
public readonly record struct WeeklySlot(DayOfWeek Day, int FromMinute, int ToMinute)
{
    public const int MinutesPerDay = 24 * 60;

    public int Minutes => ToMinute - FromMinute;

    public bool IsValid => FromMinute >= 0 && ToMinute <= MinutesPerDay && FromMinute < ToMinute;
}
