namespace SupportBot.Shared.StudyGroups;

/// <summary>One opted-in learner as the matcher sees them: no name, no email.</summary>
/// <param name="GroupSize">The size they asked for, 3 to 6.</param>
/// <param name="Language">"fr" or "en"; groups never mix languages.</param>
/// <param name="TimeZone">IANA id; <paramref name="Slots"/> are local to it.</param>
public sealed record GroupCandidate(
    Guid PersonId, string Language, int GroupSize, string TimeZone, IReadOnlyList<WeeklySlot> Slots);

/// <summary>
/// A period of the UTC week: minutes after Monday 00:00 UTC, 0 &lt;= From &lt; To &lt;= 10080.
/// </summary>
public readonly record struct UtcWeekInterval(int FromMinute, int ToMinute)
{
    public const int MinutesPerWeek = 7 * 24 * 60;

    public int Minutes => ToMinute - FromMinute;
}

/// <summary>A group the matcher proposes, and the weekly time all its members share.</summary>
public sealed record ProposedGroup(IReadOnlyList<Guid> Members, IReadOnlyList<UtcWeekInterval> SharedTime)
{
    public double SharedHoursPerWeek => SharedTime.Sum(i => i.Minutes) / 60.0;
}

/// <summary>What a matching round produced; <see cref="LeftOver"/> are told and kept for the next round.</summary>
public sealed record MatchOutcome(IReadOnlyList<ProposedGroup> Groups, IReadOnlyList<Guid> LeftOver);
