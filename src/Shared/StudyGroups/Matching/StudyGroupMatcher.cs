namespace SupportBot.Shared.StudyGroups.Matching;

/// <param name="MinSharedMinutes">Weekly time, in UTC, every member of a group must have free together.</param>
public sealed record MatchRules(int MinSharedMinutes = 60);

/// <summary>
/// Splits the opted-in learners of one module into study groups. Pure: data in, data out, no clock,
/// no I/O; the same candidates (in any order) give the same groups.
/// </summary>
/// <remarks>
/// <para>Rules every group keeps: one language (compared trimmed and case-insensitively); 3 to 6
/// members; its size within one of each member's wish (a learner asking for 4 accepts 3, 4 or 5;
/// asking for 3 accepts 3 or 4; asking for 6 accepts 5 or 6); at least
/// <see cref="MatchRules.MinSharedMinutes"/> a week that every member has free, in UTC.</para>
/// <para>Aim, in this order: (1) place as many learners as possible, (2) then maximise learner-time,
/// the sum over groups of members × weekly shared time (the time each placed learner gets with
/// their group; a plain sum over groups would reward splitting groups), (3) ties go to the
/// smaller PersonIds. Connected parts of up to <see cref="ExactGrouping.MaxLearners"/> learners are
/// solved exactly; larger ones by seeded growth and local improvement, with fixed iteration caps.</para>
/// <para>Time is matched on quarter-hour cells of the UTC week; a time off the quarter-hour is
/// trimmed inwards for the decision (never claiming time someone does not have), and
/// <see cref="ProposedGroup.SharedTime"/> is the exact shared time to the minute.</para>
/// <para>Left over, never an exception: a learner with no valid slot, a group size outside 3-6, an
/// unknown time zone, no language, a PersonId given twice, less free time than the minimum, or
/// nobody to match with.</para>
/// </remarks>
public static class StudyGroupMatcher
{
    public const int MinGroupSize = 3;
    public const int MaxGroupSize = 6;

    /// <summary>The smallest group a learner wishing for <paramref name="wish"/> members accepts.</summary>
    public static int SmallestSizeFor(int wish) => Math.Max(MinGroupSize, wish - 1);

    /// <summary>The largest group a learner wishing for <paramref name="wish"/> members accepts.</summary>
    public static int LargestSizeFor(int wish) => Math.Min(MaxGroupSize, wish + 1);

    /// <param name="weekStartUtc">The week whose offsets apply (any instant in it: its Monday 00:00 UTC is used).</param>
    public static MatchOutcome Match(IReadOnlyList<GroupCandidate> candidates, DateTimeOffset weekStartUtc, MatchRules rules) =>
        Match(candidates, weekStartUtc, rules, ExactGrouping.MaxLearners);

    /// <param name="exactUpTo">Largest connected part solved exactly; tests lower it to exercise the heuristic.</param>
    internal static MatchOutcome Match(IReadOnlyList<GroupCandidate> candidates, DateTimeOffset weekStartUtc, MatchRules rules, int exactUpTo)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(rules);
        weekStartUtc = WeekClock.WeekStartOf(weekStartUtc);
        var minCells = Math.Max(1, (rules.MinSharedMinutes + WeekCells.CellMinutes - 1) / WeekCells.CellMinutes);

        var leftOver = new HashSet<Guid>();
        var learners = Prepare(candidates, weekStartUtc, minCells, leftOver);

        var groups = new List<ProposedGroup>();
        foreach (var language in learners.GroupBy(l => l.Language, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var pooled = language.ToList();
            var pool = new MatchPool([.. pooled.Select(l => l.Mask)], [.. pooled.Select(l => l.Wish)], minCells);
            var placed = new bool[pooled.Count];
            foreach (var part in pool.Components)
            {
                if (part.Length < MinGroupSize)
                {
                    continue;
                }

                var found = part.Length <= Math.Min(exactUpTo, ExactGrouping.MaxLearners)
                    ? ExactGrouping.Run(pool, part)
                    : SeededGrouping.Run(pool, part);
                foreach (var members in found)
                {
                    groups.Add(Propose([.. members.Select(i => pooled[i])]));
                    foreach (var i in members)
                    {
                        placed[i] = true;
                    }
                }
            }

            for (var i = 0; i < pooled.Count; i++)
            {
                if (!placed[i])
                {
                    leftOver.Add(pooled[i].PersonId);
                }
            }
        }

        return new MatchOutcome(
            [.. groups.OrderBy(g => g.Members[0])],
            [.. leftOver.Order()]);
    }

    /// <summary>The valid learners, sorted by PersonId; every other candidate goes to <paramref name="leftOver"/>.</summary>
    private static List<Learner> Prepare(IReadOnlyList<GroupCandidate> candidates, DateTimeOffset weekStartUtc, int minCells, HashSet<Guid> leftOver)
    {
        var zones = new Dictionary<string, TimeZoneInfo?>(StringComparer.Ordinal);
        var converted = new Dictionary<(string Zone, WeeklySlot Slot), IReadOnlyList<UtcWeekInterval>>();
        var byId = new Dictionary<Guid, Learner?>();
        foreach (var candidate in candidates)
        {
            if (candidate is null)
            {
                continue;
            }

            if (byId.ContainsKey(candidate.PersonId))
            {
                // Twice in one round: which entry is right is unknowable, so neither is used.
                byId[candidate.PersonId] = null;
                continue;
            }

            byId[candidate.PersonId] = Read(candidate, weekStartUtc, minCells, zones, converted);
        }

        var learners = new List<Learner>(byId.Count);
        foreach (var (id, learner) in byId)
        {
            if (learner is null)
            {
                leftOver.Add(id);
            }
            else
            {
                learners.Add(learner);
            }
        }

        learners.Sort((a, b) => a.PersonId.CompareTo(b.PersonId));
        return learners;
    }

    private static Learner? Read(
        GroupCandidate candidate,
        DateTimeOffset weekStartUtc,
        int minCells,
        Dictionary<string, TimeZoneInfo?> zones,
        Dictionary<(string Zone, WeeklySlot Slot), IReadOnlyList<UtcWeekInterval>> converted)
    {
        if (candidate.GroupSize is < MinGroupSize or > MaxGroupSize
            || string.IsNullOrWhiteSpace(candidate.Language)
            || string.IsNullOrWhiteSpace(candidate.TimeZone)
            || candidate.Slots is null)
        {
            return null;
        }

        if (!zones.TryGetValue(candidate.TimeZone, out var zone))
        {
            zones[candidate.TimeZone] = zone = TimeZoneInfo.TryFindSystemTimeZoneById(candidate.TimeZone, out var found) ? found : null;
        }

        if (zone is null)
        {
            return null;
        }

        // Learners of a zone say the same few things ("weekday evenings"): each slot is converted once.
        var pieces = new List<UtcWeekInterval>();
        foreach (var slot in candidate.Slots)
        {
            if (!converted.TryGetValue((candidate.TimeZone, slot), out var utc))
            {
                converted[(candidate.TimeZone, slot)] = utc = WeekClock.ToUtc([slot], zone, weekStartUtc);
            }

            pieces.AddRange(utc);
        }

        var intervals = WeekClock.Merge(pieces);
        var mask = new ulong[WeekCells.Words];
        WeekCells.Set(mask, intervals);
        if (WeekCells.Count(mask) < minCells)
        {
            return null;
        }

        return new Learner(candidate.PersonId, candidate.Language.Trim().ToLowerInvariant(), candidate.GroupSize, intervals, mask);
    }

    private static ProposedGroup Propose(List<Learner> members)
    {
        members.Sort((a, b) => a.PersonId.CompareTo(b.PersonId));
        IReadOnlyList<UtcWeekInterval> shared = members[0].Intervals;
        for (var i = 1; i < members.Count; i++)
        {
            shared = WeekClock.Intersect(shared, members[i].Intervals);
        }

        return new ProposedGroup([.. members.Select(m => m.PersonId)], shared);
    }

    private sealed record Learner(Guid PersonId, string Language, int Wish, IReadOnlyList<UtcWeekInterval> Intervals, ulong[] Mask);
}
