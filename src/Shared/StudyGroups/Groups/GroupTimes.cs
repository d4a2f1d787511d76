using System.Globalization;
using SupportBot.Shared.StudyGroups.Matching;

namespace SupportBot.Shared.StudyGroups.Groups;

/// <summary>One member's weekly availability, in their own zone, as the reminder plan needs it.</summary>
public sealed record MemberWeek(Guid PersonId, string TimeZone, IReadOnlyList<WeeklySlot> Slots);

/// <summary>One meeting of a group: a period every member shares, in UTC.</summary>
public readonly record struct Meeting(DateTimeOffset StartUtc, DateTimeOffset EndUtc);

/// <summary>
/// Pure time arithmetic of study groups: weeks, intersections, meetings of a given week (recomputed
/// from each member's local slots with <see cref="WeekClock"/>, so a DST change in one member's zone
/// moves the shared time that week), and local wording with day names. No I/O.
/// </summary>
public static class GroupTimes
{
    /// <summary>The time every list covers; empty when one list is empty.</summary>
    public static IReadOnlyList<UtcWeekInterval> Intersect(IEnumerable<IReadOnlyList<UtcWeekInterval>> lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        IReadOnlyList<UtcWeekInterval>? shared = null;
        foreach (var list in lists)
        {
            var normalised = Merge(list);
            shared = shared is null ? normalised : WeekClock.Intersect(shared, normalised);
        }

        return shared ?? [];
    }

    /// <summary>
    /// The group's meetings starting in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): for each
    /// week involved, the members' slots are converted for that very week and intersected; periods
    /// that run on across a week boundary are one meeting.
    /// </summary>
    public static IReadOnlyList<Meeting> MeetingsBetween(IReadOnlyList<MemberWeek> members, DateTimeOffset fromUtc, DateTimeOffset toUtc)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count == 0)
        {
            return [];
        }

        var periods = new List<Meeting>();
        for (var week = WeekClock.WeekStartOf(fromUtc).AddDays(-7); week <= toUtc.AddDays(7); week = week.AddDays(7))
        {
            var w = week;
            var shared = Intersect(members.Select(m => WeekClock.ToUtc(m.Slots, m.TimeZone, w)));
            periods.AddRange(shared.Select(i => new Meeting(w.AddMinutes(i.FromMinute), w.AddMinutes(i.ToMinute))));
        }

        var merged = new List<Meeting>();
        foreach (var p in periods.OrderBy(p => p.StartUtc))
        {
            if (merged.Count > 0 && merged[^1].EndUtc >= p.StartUtc)
            {
                merged[^1] = merged[^1] with { EndUtc = p.EndUtc > merged[^1].EndUtc ? p.EndUtc : merged[^1].EndUtc };
            }
            else
            {
                merged.Add(p);
            }
        }

        return [.. merged.Where(m => m.StartUtc >= fromUtc && m.StartUtc < toUtc)];
    }

    /// <summary>"samedi 11:00–14:00" lines: the shared UTC time of <paramref name="weekStartUtc"/> in one member's zone and language.</summary>
    public static IReadOnlyList<string> LocalLines(IReadOnlyList<UtcWeekInterval> shared, string timeZone, DateTimeOffset weekStartUtc, string language)
    {
        var culture = Culture(language);
        return [.. WeekClock.ToLocal(shared, timeZone, weekStartUtc)
            .OrderBy(s => ((int)s.Day + 6) % 7).ThenBy(s => s.FromMinute)
            .Select(s => $"{culture.DateTimeFormat.GetDayName(s.Day)} {Clock(s.FromMinute)}–{Clock(s.ToMinute)}")];
    }

    /// <summary>"samedi 12:00": a meeting's start in one member's zone and language.</summary>
    public static string LocalStart(DateTimeOffset utc, string timeZone, string language)
    {
        var local = TimeZoneInfo.ConvertTime(utc, TimeZoneInfo.FindSystemTimeZoneById(timeZone));
        return $"{Culture(language).DateTimeFormat.GetDayName(local.DayOfWeek)} {local.ToString("HH:mm", CultureInfo.InvariantCulture)}";
    }

    public static double Hours(IReadOnlyList<UtcWeekInterval> intervals) => intervals.Sum(i => i.Minutes) / 60.0;

    private static CultureInfo Culture(string language) => CultureInfo.GetCultureInfo(language == "en" ? "en-GB" : "fr-FR");

    private static string Clock(int minute) =>
        minute == WeeklySlot.MinutesPerDay ? "24:00" : $"{minute / 60:00}:{minute % 60:00}";

    /// <summary>Empty intervals dropped, the rest sorted and merged (the matcher's own rule).</summary>
    private static List<UtcWeekInterval> Merge(IReadOnlyList<UtcWeekInterval> list) =>
        WeekClock.Merge([.. list.Where(i => i.FromMinute < i.ToMinute)]);
}
