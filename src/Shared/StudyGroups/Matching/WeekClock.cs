using SupportBot.Shared.Time;

namespace SupportBot.Shared.StudyGroups.Matching;

/// <summary>
/// Converts a learner's local weekly slots to periods of one UTC week (Monday 00:00 UTC to the next
/// Monday) and back. Pure: the offsets are those of the actual dates of that week, so a Paris
/// Sunday afternoon is 13:00-17:00 UTC in January and 12:00-16:00 UTC in July.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>A slot happens on every local date of its weekday near the week, and each occurrence is
/// clipped to the UTC week: a Nouméa Monday 07:00 (Sunday 20:00 UTC) shows up on the Sunday at the
/// end of the UTC week, taken from the next local Monday. The result is what the UTC week really
/// contains, so nothing is lost at the week boundary.</item>
/// <item>Daylight saving: a bound in the spring-forward gap moves to the end of the gap (02:00-03:00
/// in Paris on 28 March 2027 is empty, 01:30-03:30 is one real hour); in the doubled hour a start
/// takes its first occurrence and an end its last, so the slot keeps every real minute it names.</item>
/// <item>Invalid slots are ignored; the result is sorted, with overlapping or touching periods merged.</item>
/// </list>
/// </remarks>
public static class WeekClock
{
    private static readonly TimeSpan Week = TimeSpan.FromDays(7);

    /// <summary>True when <paramref name="timeZone"/> is an IANA (or Windows) id this machine knows.</summary>
    public static bool IsKnownZone(string? timeZone) => WallClock.IsKnownZone(timeZone);

    /// <summary>Monday 00:00 UTC of the UTC week containing <paramref name="instant"/>.</summary>
    public static DateTimeOffset WeekStartOf(DateTimeOffset instant)
    {
        var date = DateOnly.FromDateTime(instant.UtcDateTime);
        var monday = date.AddDays(-(((int)date.DayOfWeek + 6) % 7));
        return new DateTimeOffset(monday.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
    }

    /// <exception cref="TimeZoneNotFoundException">Unknown zone: check with <see cref="IsKnownZone"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="weekStartUtc"/> is not a Monday 00:00 UTC.</exception>
    public static IReadOnlyList<UtcWeekInterval> ToUtc(IReadOnlyList<WeeklySlot> slots, string timeZone, DateTimeOffset weekStartUtc)
    {
        ArgumentNullException.ThrowIfNull(slots);
        return ToUtc(slots, TimeZoneInfo.FindSystemTimeZoneById(timeZone), weekStartUtc);
    }

    internal static IReadOnlyList<UtcWeekInterval> ToUtc(IReadOnlyList<WeeklySlot> slots, TimeZoneInfo zone, DateTimeOffset weekStartUtc)
    {
        RequireWeekStart(weekStartUtc);
        var weekStart = weekStartUtc.UtcDateTime;
        var weekEnd = weekStart + Week;

        // Offsets lie within -12:00..+14:00, so the local dates that can touch the UTC week are the
        // UTC dates from the day before to the day after it.
        var firstDate = DateOnly.FromDateTime(weekStart).AddDays(-1);
        var intervals = new List<UtcWeekInterval>();
        foreach (var slot in slots)
        {
            if (!slot.IsValid)
            {
                continue;
            }

            var offsetToDay = ((int)slot.Day - (int)firstDate.DayOfWeek + 7) % 7;
            for (var date = firstDate.AddDays(offsetToDay); date <= firstDate.AddDays(8); date = date.AddDays(7))
            {
                var localMidnight = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
                var from = LocalToUtc(localMidnight.AddMinutes(slot.FromMinute), zone, latest: false);
                var to = LocalToUtc(localMidnight.AddMinutes(slot.ToMinute), zone, latest: true);
                if (from < weekStart)
                {
                    from = weekStart;
                }

                if (to > weekEnd)
                {
                    to = weekEnd;
                }

                if (from < to)
                {
                    intervals.Add(new UtcWeekInterval((int)(from - weekStart).TotalMinutes, (int)(to - weekStart).TotalMinutes));
                }
            }
        }

        return Merge(intervals);
    }

    /// <summary>
    /// The local weekly slots that cover <paramref name="intervals"/> of the UTC week starting
    /// <paramref name="weekStartUtc"/>, split at local midnight, sorted Monday first, merged per day.
    /// In the doubled hour of a fall-back night both real hours show as the one local hour they share.
    /// </summary>
    /// <exception cref="TimeZoneNotFoundException">Unknown zone: check with <see cref="IsKnownZone"/>.</exception>
    /// <exception cref="ArgumentException"><paramref name="weekStartUtc"/> is not a Monday 00:00 UTC.</exception>
    public static IReadOnlyList<WeeklySlot> ToLocal(IReadOnlyList<UtcWeekInterval> intervals, string timeZone, DateTimeOffset weekStartUtc)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        RequireWeekStart(weekStartUtc);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var weekStart = weekStartUtc.UtcDateTime;

        var byDay = new List<(int Day, int From, int To)>();
        foreach (var interval in intervals)
        {
            var from = Math.Clamp(interval.FromMinute, 0, UtcWeekInterval.MinutesPerWeek);
            var to = Math.Clamp(interval.ToMinute, 0, UtcWeekInterval.MinutesPerWeek);
            if (from >= to)
            {
                continue;
            }

            // At most one offset change per week in practice; split there so each piece maps to local time linearly.
            var startUtc = weekStart.AddMinutes(from);
            var endUtc = weekStart.AddMinutes(to);
            foreach (var (pieceFrom, pieceTo) in SplitAtOffsetChanges(startUtc, endUtc, zone))
            {
                var offset = zone.GetUtcOffset(pieceFrom);
                var localFrom = pieceFrom + offset;
                var localTo = pieceTo + offset;
                for (var dayStart = localFrom.Date; dayStart < localTo; dayStart = dayStart.AddDays(1))
                {
                    var dayEnd = dayStart.AddDays(1);
                    var a = localFrom > dayStart ? localFrom : dayStart;
                    var b = localTo < dayEnd ? localTo : dayEnd;
                    if (a < b)
                    {
                        byDay.Add((MondayFirst(dayStart.DayOfWeek), (int)(a - dayStart).TotalMinutes, (int)(b - dayStart).TotalMinutes));
                    }
                }
            }
        }

        byDay.Sort();
        var slots = new List<WeeklySlot>();
        foreach (var (day, from, to) in byDay)
        {
            var dayOfWeek = (DayOfWeek)((day + 1) % 7);
            if (slots.Count > 0 && slots[^1].Day == dayOfWeek && from <= slots[^1].ToMinute)
            {
                var last = slots[^1];
                slots[^1] = last with { ToMinute = Math.Max(last.ToMinute, to) };
            }
            else
            {
                slots.Add(new WeeklySlot(dayOfWeek, from, to));
            }
        }

        return slots;
    }

    /// <summary>Sorted, with overlapping or touching intervals merged.</summary>
    internal static List<UtcWeekInterval> Merge(List<UtcWeekInterval> intervals)
    {
        intervals.Sort((x, y) => x.FromMinute != y.FromMinute ? x.FromMinute.CompareTo(y.FromMinute) : x.ToMinute.CompareTo(y.ToMinute));
        var merged = new List<UtcWeekInterval>(intervals.Count);
        foreach (var interval in intervals)
        {
            if (merged.Count > 0 && interval.FromMinute <= merged[^1].ToMinute)
            {
                var last = merged[^1];
                merged[^1] = last with { ToMinute = Math.Max(last.ToMinute, interval.ToMinute) };
            }
            else
            {
                merged.Add(interval);
            }
        }

        return merged;
    }

    /// <summary>Two sorted, merged interval lists: the periods in both.</summary>
    internal static List<UtcWeekInterval> Intersect(IReadOnlyList<UtcWeekInterval> a, IReadOnlyList<UtcWeekInterval> b)
    {
        var result = new List<UtcWeekInterval>();
        int i = 0, j = 0;
        while (i < a.Count && j < b.Count)
        {
            var from = Math.Max(a[i].FromMinute, b[j].FromMinute);
            var to = Math.Min(a[i].ToMinute, b[j].ToMinute);
            if (from < to)
            {
                result.Add(new UtcWeekInterval(from, to));
            }

            if (a[i].ToMinute < b[j].ToMinute)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return result;
    }

    private static void RequireWeekStart(DateTimeOffset weekStartUtc)
    {
        var utc = weekStartUtc.UtcDateTime;
        if (utc.DayOfWeek != DayOfWeek.Monday || utc.TimeOfDay != TimeSpan.Zero)
        {
            throw new ArgumentException($"The week must start on a Monday at 00:00 UTC, not {weekStartUtc:O}; use WeekClock.WeekStartOf.", nameof(weekStartUtc));
        }
    }

    private static int MondayFirst(DayOfWeek day) => ((int)day + 6) % 7;

    /// <summary>A local wall-clock time as a UTC instant, with the gap and doubled-hour rules above.</summary>
    private static DateTime LocalToUtc(DateTime local, TimeZoneInfo zone, bool latest) =>
        WallClock.ToUtc(local, zone, latest ? DoubledHour.Last : DoubledHour.First);

    private static IEnumerable<(DateTime From, DateTime To)> SplitAtOffsetChanges(DateTime from, DateTime to, TimeZoneInfo zone)
    {
        while (from < to)
        {
            var offset = zone.GetUtcOffset(from);
            if (zone.GetUtcOffset(to.AddTicks(-1)) == offset)
            {
                yield return (from, to);
                yield break;
            }

            // Binary search, to the minute, for the first instant with another offset.
            long lo = 0, hi = (long)(to - from).TotalMinutes;
            while (hi - lo > 1)
            {
                var mid = (lo + hi) / 2;
                if (zone.GetUtcOffset(from.AddMinutes(mid)) == offset)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            var change = from.AddMinutes(hi);
            yield return (from, change);
            from = change;
        }
    }
}
