using System.Numerics;
using SupportBot.Shared.StudyGroups;
using SupportBot.Shared.StudyGroups.Matching;

namespace SupportBot.Bench.StudyGroups;

/// <summary>
/// The simple way: learners in PersonId order, each joins the first open group of its language
/// that stays valid (size within one of every member's wish, at most 6, the minimum shared time),
/// or opens a new one; groups too small for their members at the end are dissolved. Same UTC
/// conversion and the same quarter-hour cells as the matcher, so only the grouping differs.
/// </summary>
internal static class FirstFitBaseline
{
    private const int CellMinutes = 15;
    private const int Words = (UtcWeekInterval.MinutesPerWeek / CellMinutes + 63) / 64;

    public static MatchOutcome Match(IReadOnlyList<GroupCandidate> candidates, DateTimeOffset weekStartUtc, MatchRules rules)
    {
        var minCells = (rules.MinSharedMinutes + CellMinutes - 1) / CellMinutes;
        var open = new List<Open>();
        var leftOver = new List<Guid>();
        foreach (var learner in candidates.OrderBy(c => c.PersonId))
        {
            if (learner.GroupSize is < 3 or > 6 || !WeekClock.IsKnownZone(learner.TimeZone))
            {
                leftOver.Add(learner.PersonId);
                continue;
            }

            var mask = Cells(WeekClock.ToUtc(learner.Slots, learner.TimeZone, weekStartUtc));
            var joined = false;
            foreach (var group in open)
            {
                var size = group.Members.Count + 1;
                if (group.Language != learner.Language || size > Math.Min(group.MaxSize, learner.GroupSize + 1) || Shared(group.Mask, mask) < minCells)
                {
                    continue;
                }

                group.Members.Add(learner.PersonId);
                group.MaxSize = Math.Min(group.MaxSize, learner.GroupSize + 1);
                group.MinSize = Math.Max(group.MinSize, learner.GroupSize - 1);
                for (var w = 0; w < Words; w++)
                {
                    group.Mask[w] &= mask[w];
                }

                joined = true;
                break;
            }

            if (!joined)
            {
                open.Add(new Open(learner.Language, [learner.PersonId], mask) { MaxSize = Math.Min(6, learner.GroupSize + 1), MinSize = Math.Max(3, learner.GroupSize - 1) });
            }
        }

        var groups = new List<ProposedGroup>();
        foreach (var group in open)
        {
            if (group.Members.Count >= group.MinSize && Shared(group.Mask, group.Mask) >= minCells)
            {
                groups.Add(new ProposedGroup(group.Members, Intervals(group.Mask)));
            }
            else
            {
                leftOver.AddRange(group.Members);
            }
        }

        return new MatchOutcome(groups, leftOver);
    }

    private static ulong[] Cells(IReadOnlyList<UtcWeekInterval> intervals)
    {
        var mask = new ulong[Words];
        foreach (var interval in intervals)
        {
            for (var cell = (interval.FromMinute + CellMinutes - 1) / CellMinutes; cell < interval.ToMinute / CellMinutes; cell++)
            {
                mask[cell >> 6] |= 1UL << (cell & 63);
            }
        }

        return mask;
    }

    private static int Shared(ulong[] a, ulong[] b)
    {
        var count = 0;
        for (var w = 0; w < Words; w++)
        {
            count += BitOperations.PopCount(a[w] & b[w]);
        }

        return count;
    }

    private static List<UtcWeekInterval> Intervals(ulong[] mask)
    {
        var intervals = new List<UtcWeekInterval>();
        for (var cell = 0; cell < UtcWeekInterval.MinutesPerWeek / CellMinutes; cell++)
        {
            if ((mask[cell >> 6] & (1UL << (cell & 63))) == 0)
            {
                continue;
            }

            if (intervals.Count > 0 && intervals[^1].ToMinute == cell * CellMinutes)
            {
                intervals[^1] = intervals[^1] with { ToMinute = (cell + 1) * CellMinutes };
            }
            else
            {
                intervals.Add(new UtcWeekInterval(cell * CellMinutes, (cell + 1) * CellMinutes));
            }
        }

        return intervals;
    }

    private sealed class Open(string language, List<Guid> members, ulong[] mask)
    {
        public string Language { get; } = language;

        public List<Guid> Members { get; } = members;

        public ulong[] Mask { get; } = mask;

        public int MaxSize { get; set; }

        public int MinSize { get; set; }
    }
}
