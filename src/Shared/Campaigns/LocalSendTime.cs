using SupportBot.Shared.Time;

namespace SupportBot.Shared.Campaigns;

public enum ScheduleKind
{
    /// <summary>Once, at a local date and time (each recipient's own clock).</summary>
    Once,

    /// <summary>Every week on a day, at a local time, from a first date on.</summary>
    Weekly,

    /// <summary>Once, some days before the module's exam date, at a local time.</summary>
    RelativeToExam,
}

/// <param name="Date">Once: the day. Weekly: the first day it may run. Unused for RelativeToExam.</param>
/// <param name="Day">Weekly: the day of the week.</param>
/// <param name="DaysBeforeExam">RelativeToExam: 2 means two days before the exam date.</param>
/// <param name="Until">Weekly: the last day it may run (inclusive); null = until paused or cancelled.</param>
public sealed record LocalSchedule(ScheduleKind Kind, TimeOnly Time, DateOnly? Date = null, DayOfWeek? Day = null, int DaysBeforeExam = 0, DateOnly? Until = null)
{
    public static LocalSchedule Once(DateOnly date, TimeOnly time) => new(ScheduleKind.Once, time, date);

    public static LocalSchedule Weekly(DayOfWeek day, TimeOnly time, DateOnly from, DateOnly? until = null) => new(ScheduleKind.Weekly, time, from, day, Until: until);

    public static LocalSchedule BeforeExam(int days, TimeOnly time) => new(ScheduleKind.RelativeToExam, time, DaysBeforeExam: days);

    /// <summary>
    /// Once, at the local date and time it is now at UTC−12, the zone furthest behind: that moment has
    /// already come in every recipient's zone, so everyone is due at once ("send now").
    /// </summary>
    public static LocalSchedule Now(DateTimeOffset now)
    {
        var behind = now.ToOffset(-LocalSendTime.MaxBehindUtc).DateTime;
        return Once(DateOnly.FromDateTime(behind), new TimeOnly(behind.Hour, behind.Minute));
    }
}

/// <summary>
/// Turns "17:00 on Sunday, each recipient's local time" into UTC instants. Pure: data and a
/// <see cref="TimeProvider"/> in, data out.
/// </summary>
/// <remarks>
/// Daylight saving, decided once for every sender (<see cref="WallClock"/>):
/// <list type="bullet">
/// <item>A local time that does not exist (the spring-forward gap, e.g. 02:30 in Paris on the last
/// Sunday of March) is sent at the first instant after the gap (03:00 local), not skipped and not
/// shifted by the gap's length.</item>
/// <item>A local time that happens twice (the fall-back hour, e.g. 02:30 in Paris on the last Sunday
/// of October) is sent at its first occurrence (02:30 summer time), once.</item>
/// </list>
/// An unknown zone id falls back to <see cref="DefaultZone"/>, the product's default.
/// </remarks>
public sealed class LocalSendTime(TimeProvider clock)
{
    public const string DefaultZone = WallClock.DefaultZoneId;

    /// <summary>No zone is further ahead of UTC than +14:00 (Kiribati) nor behind -12:00.</summary>
    public static readonly TimeSpan MaxAheadOfUtc = TimeSpan.FromHours(14);

    public static readonly TimeSpan MaxBehindUtc = TimeSpan.FromHours(12);

    public static TimeZoneInfo Zone(string? id) => WallClock.ZoneOrDefault(id);

    /// <summary>The UTC instant of a local date and time in a zone, with the DST rules above.</summary>
    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time, TimeZoneInfo zone) =>
        new(WallClock.ToUtc(date.ToDateTime(time), zone, DoubledHour.First));

    public static DateTimeOffset ToUtc(DateOnly date, TimeOnly time, string? zoneId) => ToUtc(date, time, Zone(zoneId));

    /// <summary>The first instant any recipient, anywhere, is due for this local date and time.</summary>
    public static DateTimeOffset EarliestUtc(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), TimeSpan.Zero) - MaxAheadOfUtc;

    /// <summary>The last instant any recipient is due (one hour more for a spring-forward gap).</summary>
    public static DateTimeOffset LatestUtc(DateOnly date, TimeOnly time) =>
        new DateTimeOffset(date.ToDateTime(time), TimeSpan.Zero) + MaxBehindUtc + TimeSpan.FromHours(1);

    /// <summary>
    /// The local dates a schedule runs on, in order, from <paramref name="from"/> on (inclusive).
    /// Once and RelativeToExam give at most one date; RelativeToExam needs the exam date.
    /// </summary>
    public static IEnumerable<DateOnly> OccurrenceDates(LocalSchedule schedule, DateOnly from, DateOnly? examDate)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        switch (schedule.Kind)
        {
            case ScheduleKind.Once when schedule.Date is { } date && date >= from:
                yield return date;
                break;
            case ScheduleKind.RelativeToExam when examDate is { } exam && exam.AddDays(-schedule.DaysBeforeExam) is var day && day >= from:
                yield return day;
                break;
            case ScheduleKind.Weekly when schedule.Day is { } weekday:
                var d = schedule.Date is { } first && first > from ? first : from;
                d = d.AddDays(((int)weekday - (int)d.DayOfWeek + 7) % 7);
                for (; schedule.Until is not { } until || d <= until; d = d.AddDays(7))
                {
                    yield return d;
                }

                break;
        }
    }

    /// <summary>The recipient's next send instant at or after now (null when the schedule has no more dates).</summary>
    public DateTimeOffset? NextFor(LocalSchedule schedule, string? zoneId, DateOnly? examDate)
    {
        var zone = Zone(zoneId);
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, zone).DateTime);
        foreach (var date in OccurrenceDates(schedule, today.AddDays(-1), examDate))
        {
            var at = ToUtc(date, schedule.Time, zone);
            if (at >= now)
            {
                return at;
            }
        }

        return null;
    }

    /// <summary>The recipient's local date and time now.</summary>
    public DateTime LocalNow(string? zoneId) => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), Zone(zoneId)).DateTime;

    /// <summary>True when it is <paramref name="hour"/> o'clock (any minute of that hour) where the recipient lives: digests at 08:00 local.</summary>
    public bool IsLocalHour(string? zoneId, int hour) => LocalNow(zoneId).Hour == hour;
}
