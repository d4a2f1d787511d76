namespace SupportBot.Shared.StudyGroups;

// Placeholder with the documented signatures of branch `match` (StudyGroupMatcher, MatchRules,
// WeekClock), so the lifecycle builds and is tested before the real matcher lands; deleted by the
// merge of `match` (#8).
public sealed record MatchRules(int MinSharedMinutes = 60);

public static class StudyGroupMatcher
{
    public static MatchOutcome Match(IReadOnlyList<GroupCandidate> candidates, DateTimeOffset weekStartUtc, MatchRules rules)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(rules);
        var utc = candidates.ToDictionary(c => c.PersonId, c => WeekClock.ToUtc(c.Slots, c.TimeZone, weekStartUtc));
        var left = candidates.ToList();
        var groups = new List<ProposedGroup>();
        var leftOver = new List<Guid>();
        while (left.Count > 0)
        {
            var seed = left[0];
            left.RemoveAt(0);
            var members = new List<GroupCandidate> { seed };
            var shared = utc[seed.PersonId];
            while (members.Count < members.Min(m => m.GroupSize))
            {
                var best = left.Where(c => c.Language == seed.Language)
                    .Select(c => (c, s: Intersect(shared, utc[c.PersonId])))
                    .Where(x => x.s.Sum(i => i.Minutes) >= rules.MinSharedMinutes)
                    .OrderByDescending(x => x.s.Sum(i => i.Minutes)).FirstOrDefault();
                if (best.c is null)
                {
                    break;
                }

                members.Add(best.c);
                left.Remove(best.c);
                shared = best.s;
            }

            if (members.Count >= 3 && members.Count >= members.Min(m => m.GroupSize))
            {
                groups.Add(new ProposedGroup([.. members.Select(m => m.PersonId)], shared));
            }
            else
            {
                leftOver.Add(seed.PersonId);
                left.AddRange(members.Skip(1));
            }
        }

        return new MatchOutcome(groups, leftOver);
    }

    private static List<UtcWeekInterval> Intersect(IReadOnlyList<UtcWeekInterval> a, IReadOnlyList<UtcWeekInterval> b) =>
        [.. a.SelectMany(x => b.Select(y => new UtcWeekInterval(Math.Max(x.FromMinute, y.FromMinute), Math.Min(x.ToMinute, y.ToMinute))))
            .Where(i => i.FromMinute < i.ToMinute).OrderBy(i => i.FromMinute)];
}

public static class WeekClock
{
    public static IReadOnlyList<UtcWeekInterval> ToUtc(IReadOnlyList<WeeklySlot> slots, string timeZone, DateTimeOffset weekStartUtc)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var monday = DateOnly.FromDateTime(weekStartUtc.UtcDateTime);
        var result = new List<UtcWeekInterval>();
        foreach (var s in slots)
        {
            var date = monday.AddDays(((int)s.Day + 6) % 7);
            var start = Minute(date, s.FromMinute, zone, weekStartUtc);
            var length = Minute(date, s.ToMinute, zone, weekStartUtc) - start;
            var from = ((start % UtcWeekInterval.MinutesPerWeek) + UtcWeekInterval.MinutesPerWeek) % UtcWeekInterval.MinutesPerWeek;
            var to = from + length;
            if (to <= UtcWeekInterval.MinutesPerWeek)
            {
                result.Add(new UtcWeekInterval(from, to));
            }
            else
            {
                result.Add(new UtcWeekInterval(from, UtcWeekInterval.MinutesPerWeek));
                result.Add(new UtcWeekInterval(0, to - UtcWeekInterval.MinutesPerWeek));
            }
        }

        return [.. result.OrderBy(i => i.FromMinute)];
    }

    public static IReadOnlyList<WeeklySlot> ToLocal(IReadOnlyList<UtcWeekInterval> intervals, string timeZone, DateTimeOffset weekStartUtc)
    {
        ArgumentNullException.ThrowIfNull(intervals);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var result = new List<WeeklySlot>();
        foreach (var i in intervals)
        {
            var from = TimeZoneInfo.ConvertTime(weekStartUtc.AddMinutes(i.FromMinute), zone);
            var to = TimeZoneInfo.ConvertTime(weekStartUtc.AddMinutes(i.ToMinute), zone);
            while (from < to)
            {
                var endOfDay = new DateTimeOffset(from.Date.AddDays(1), from.Offset);
                var end = to < endOfDay ? to : endOfDay;
                var toMinute = end == endOfDay ? WeeklySlot.MinutesPerDay : (int)end.TimeOfDay.TotalMinutes;
                result.Add(new WeeklySlot(from.DayOfWeek, (int)from.TimeOfDay.TotalMinutes, toMinute));
                from = TimeZoneInfo.ConvertTime(end, zone);
            }
        }

        return result;
    }

    private static int Minute(DateOnly date, int minute, TimeZoneInfo zone, DateTimeOffset weekStartUtc)
    {
        var local = date.ToDateTime(TimeOnly.MinValue).AddMinutes(minute);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(30);
        }

        return (int)(TimeZoneInfo.ConvertTimeToUtc(local, zone) - weekStartUtc.UtcDateTime).TotalMinutes;
    }
}
