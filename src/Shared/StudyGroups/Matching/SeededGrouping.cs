namespace SupportBot.Shared.StudyGroups.Matching;

/// <summary>
/// Groups a large connected part of a pool: seeded growth (hardest learners first, each grown with
/// the partners that keep the most shared time), then repair of the left-overs (new groups among
/// them, joining a group, or a new group that borrows a spare member), then swaps and moves between
/// groups while they raise learner-time. Every step is in index order with fixed caps, so the
/// result depends on the input only, never on the clock.
/// </summary>
internal sealed class SeededGrouping
{
    /// <summary>Full improvement passes at most; in practice they stop earlier, when a pass finds nothing.</summary>
    public const int ImprovementPasses = 12;

    private const int Unplaced = -1;
    private const int Outside = -2;

    private readonly MatchPool pool;
    private readonly int[] part;
    private readonly int[] groupOf;
    private readonly List<Group> groups = [];
    private readonly int[] seen;
    private int seenStamp;
    private readonly ulong[] without;

    private SeededGrouping(MatchPool pool, int[] part)
    {
        this.pool = pool;
        this.part = part;
        groupOf = new int[pool.Count];
        Array.Fill(groupOf, Outside);
        foreach (var learner in part)
        {
            groupOf[learner] = Unplaced;
        }

        seen = new int[pool.Count];
        without = new ulong[pool.Count * WeekCells.Words];
    }

    public static List<int[]> Run(MatchPool pool, int[] part)
    {
        var search = new SeededGrouping(pool, part);
        search.GrowFromSeeds();
        search.Repair();
        search.Improve();
        search.Repair();
        return [.. search.groups.Select(g => g.Members.Order().ToArray())];
    }

    private void GrowFromSeeds()
    {
        var seeds = part.OrderBy(i => pool.Degree[i]).ThenBy(i => i).ToArray();
        foreach (var seed in seeds)
        {
            if (groupOf[seed] == Unplaced)
            {
                Grow(seed, null, allowBorrow: false);
            }
        }
    }

    private void Repair()
    {
        // 1. New groups among the left-overs, looking beyond the strongest partners.
        var unplaced = part.Where(i => groupOf[i] == Unplaced).ToList();
        foreach (var seed in unplaced.OrderBy(i => pool.Degree[i]).ThenBy(i => i))
        {
            if (groupOf[seed] == Unplaced)
            {
                Grow(seed, unplaced, allowBorrow: false);
            }
        }

        // 2. Join the existing group where the learner costs the least shared time.
        foreach (var learner in unplaced)
        {
            if (groupOf[learner] == Unplaced)
            {
                JoinBestGroup(learner);
            }
        }

        // 3. A new group that borrows a member from a group that can spare one.
        foreach (var seed in unplaced)
        {
            if (groupOf[seed] == Unplaced)
            {
                Grow(seed, unplaced, allowBorrow: true);
            }
        }
    }

    /// <summary>Grows a group around <paramref name="seed"/> up to the seed's wish (further if a member needs it).</summary>
    private void Grow(int seed, List<int>? alsoScan, bool allowBorrow)
    {
        var members = new List<int> { seed };
        var donors = new List<int>();
        var mask = pool.Mask(seed).ToArray();
        int lo = pool.Lo[seed], hi = pool.Hi[seed];
        var target = pool.Wish[seed];
        while (members.Count < target)
        {
            var best = -1;
            var bestBorrowed = true;
            var bestShared = -1;
            seenStamp++;
            foreach (var member in members)
            {
                seen[member] = seenStamp;
            }

            void Consider(int c)
            {
                if (c < 0 || seen[c] == seenStamp)
                {
                    return;
                }

                seen[c] = seenStamp;
                var owner = groupOf[c];
                var borrowed = owner >= 0;
                if (owner == Outside || (borrowed && (!allowBorrow || donors.Contains(owner) || !CanSpare(owner, c))))
                {
                    return;
                }

                if (Math.Max(lo, pool.Lo[c]) > Math.Min(hi, pool.Hi[c]) || Math.Min(hi, pool.Hi[c]) < members.Count + 1)
                {
                    return;
                }

                var shared = WeekCells.CountShared(mask, pool.Mask(c));
                if (shared < pool.MinCells)
                {
                    return;
                }

                // Unplaced learners first (each one placed is the first aim), then most shared
                // time, then the harder to place, then the smaller PersonId.
                var better = best < 0
                    || (bestBorrowed && !borrowed)
                    || (bestBorrowed == borrowed && (shared > bestShared
                        || (shared == bestShared && (pool.Degree[c] < pool.Degree[best] || (pool.Degree[c] == pool.Degree[best] && c < best)))));
                if (better)
                {
                    (best, bestBorrowed, bestShared) = (c, borrowed, shared);
                }
            }

            foreach (var member in members)
            {
                foreach (var neighbor in pool.NeighborsOf(member))
                {
                    Consider(neighbor);
                }
            }

            if (alsoScan is not null)
            {
                foreach (var c in alsoScan)
                {
                    if (groupOf[c] == Unplaced)
                    {
                        Consider(c);
                    }
                }
            }

            if (best < 0)
            {
                break;
            }

            members.Add(best);
            if (bestBorrowed)
            {
                donors.Add(groupOf[best]);
            }

            WeekCells.And(mask, pool.Mask(best));
            lo = Math.Max(lo, pool.Lo[best]);
            hi = Math.Min(hi, pool.Hi[best]);
            target = Math.Max(target, lo);
        }

        if (members.Count < lo)
        {
            return;
        }

        foreach (var member in members)
        {
            if (groupOf[member] >= 0)
            {
                var donor = groups[groupOf[member]];
                donor.Members.Remove(member);
                donor.Refresh(pool, without);
            }
        }

        AddGroup(members);
    }

    private bool CanSpare(int groupId, int member)
    {
        var group = groups[groupId];
        if (group.Members.Count - 1 < StudyGroupMatcher.MinGroupSize)
        {
            return false;
        }

        var lo = 0;
        foreach (var m in group.Members)
        {
            if (m != member)
            {
                lo = Math.Max(lo, pool.Lo[m]);
            }
        }

        return group.Members.Count - 1 >= lo;
    }

    private void JoinBestGroup(int learner)
    {
        var best = -1;
        long bestGain = long.MinValue;
        for (var g = 0; g < groups.Count; g++)
        {
            var group = groups[g];
            if (group.Members.Count + 1 > Math.Min(group.Hi, pool.Hi[learner]) || group.Members.Count + 1 < Math.Max(group.Lo, pool.Lo[learner]))
            {
                continue;
            }

            var shared = WeekCells.CountShared(group.Mask, pool.Mask(learner));
            if (shared < pool.MinCells)
            {
                continue;
            }

            var gain = (long)(group.Members.Count + 1) * shared - group.Value;
            if (gain > bestGain)
            {
                (best, bestGain) = (g, gain);
            }
        }

        if (best >= 0)
        {
            groups[best].Members.Add(learner);
            groups[best].Refresh(pool, without);
            groupOf[learner] = best;
        }
    }

    /// <summary>
    /// First-improvement local search over each learner's strongest partners: swap, move either
    /// way, or swap with a left-over. A pair whose two groups (or group and left-over) have not
    /// changed since it was last tried gives the same answer, so later passes skip it.
    /// </summary>
    private void Improve()
    {
        var groupChanged = new int[groups.Count];
        var learnerMoved = new int[pool.Count];
        for (var pass = 0; pass < ImprovementPasses; pass++)
        {
            var improved = false;
            foreach (var a in part)
            {
                foreach (var b in pool.NeighborsOf(a))
                {
                    var g = groupOf[a];
                    if (b < 0 || g < 0)
                    {
                        break;
                    }

                    var h = groupOf[b];
                    if (h == g || h == Outside
                        || (groupChanged[g] < pass - 1 && (h >= 0 ? groupChanged[h] : learnerMoved[b]) < pass - 1))
                    {
                        continue;
                    }

                    if (TryImprove(a, b))
                    {
                        improved = true;
                        groupChanged[g] = pass;
                        if (h >= 0)
                        {
                            groupChanged[h] = pass;
                        }

                        learnerMoved[a] = learnerMoved[b] = pass;
                    }
                }
            }

            if (!improved)
            {
                break;
            }
        }
    }

    private bool TryImprove(int a, int b)
    {
        var g = groups[groupOf[a]];
        if (groupOf[b] == Unplaced)
        {
            var (ok, value) = Evaluate(g, a, b);
            if (ok && value > g.Value)
            {
                Replace(g, a, b);
                groupOf[b] = groupOf[a];
                groupOf[a] = Unplaced;
                return true;
            }

            return false;
        }

        var h = groups[groupOf[b]];
        var before = g.Value + h.Value;
        var (swapG, swapGValue) = Evaluate(g, a, b);
        var (swapH, swapHValue) = swapG ? Evaluate(h, b, a) : (false, 0);
        var (moveAwayG, moveAwayGValue) = Evaluate(g, a, -1);
        var (moveIntoH, moveIntoHValue) = moveAwayG ? Evaluate(h, -1, a) : (false, 0);
        var (moveAwayH, moveAwayHValue) = Evaluate(h, b, -1);
        var (moveIntoG, moveIntoGValue) = moveAwayH ? Evaluate(g, -1, b) : (false, 0);

        long best = before;
        var action = 0;
        if (swapG && swapH && swapGValue + swapHValue > best)
        {
            (best, action) = (swapGValue + swapHValue, 1);
        }

        if (moveAwayG && moveIntoH && moveAwayGValue + moveIntoHValue > best)
        {
            (best, action) = (moveAwayGValue + moveIntoHValue, 2);
        }

        if (moveAwayH && moveIntoG && moveAwayHValue + moveIntoGValue > best)
        {
            action = 3;
        }

        var gId = groupOf[a];
        var hId = groupOf[b];
        switch (action)
        {
            case 1:
                Replace(g, a, b);
                Replace(h, b, a);
                (groupOf[a], groupOf[b]) = (hId, gId);
                return true;
            case 2:
                Replace(g, a, -1);
                Replace(h, -1, a);
                groupOf[a] = hId;
                return true;
            case 3:
                Replace(h, b, -1);
                Replace(g, -1, b);
                groupOf[b] = gId;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether <paramref name="group"/> without <paramref name="remove"/> and with <paramref name="add"/> (-1: none) is valid, and its learner-cells.</summary>
    private (bool Ok, long Value) Evaluate(Group group, int remove, int add)
    {
        var count = group.Members.Count - (remove >= 0 ? 1 : 0) + (add >= 0 ? 1 : 0);
        if (count < StudyGroupMatcher.MinGroupSize || count > StudyGroupMatcher.MaxGroupSize)
        {
            return (false, 0);
        }

        int lo = 0, hi = int.MaxValue;
        foreach (var m in group.Members)
        {
            if (m != remove)
            {
                lo = Math.Max(lo, pool.Lo[m]);
                hi = Math.Min(hi, pool.Hi[m]);
            }
        }

        if (add >= 0)
        {
            lo = Math.Max(lo, pool.Lo[add]);
            hi = Math.Min(hi, pool.Hi[add]);
        }

        if (count < lo || count > hi)
        {
            return (false, 0);
        }

        // The group's time without one member is kept up to date, so any change costs one AND.
        var shared = (remove >= 0, add >= 0) switch
        {
            (true, true) => WeekCells.CountShared(Without(remove), pool.Mask(add)),
            (true, false) => WeekCells.Count(Without(remove)),
            _ => WeekCells.CountShared(group.Mask, pool.Mask(add)),
        };
        return shared < pool.MinCells ? (false, 0) : (true, (long)count * shared);
    }

    private ReadOnlySpan<ulong> Without(int learner) => without.AsSpan(learner * WeekCells.Words, WeekCells.Words);

    private void Replace(Group group, int remove, int add)
    {
        if (remove >= 0)
        {
            group.Members.Remove(remove);
        }

        if (add >= 0)
        {
            group.Members.Add(add);
        }

        group.Refresh(pool, without);
    }

    private void AddGroup(List<int> members)
    {
        var group = new Group(members);
        group.Refresh(pool, without);
        groups.Add(group);
        foreach (var member in members)
        {
            groupOf[member] = groups.Count - 1;
        }
    }

    private sealed class Group(List<int> members)
    {
        public List<int> Members { get; } = members;

        public ulong[] Mask { get; } = new ulong[WeekCells.Words];

        public int Lo { get; private set; }

        public int Hi { get; private set; }

        /// <summary>Learner-cells: members times shared cells, the quantity the search raises.</summary>
        public long Value { get; private set; }

        /// <summary>Recomputes the group's time, size range and value, and each member's "group without me" time.</summary>
        public void Refresh(MatchPool pool, ulong[] without)
        {
            const int words = WeekCells.Words;
            Span<ulong> prefix = stackalloc ulong[words];
            prefix.Fill(ulong.MaxValue);
            Lo = 0;
            Hi = int.MaxValue;
            foreach (var m in Members)
            {
                // Before the AND, prefix is the time of the members before m.
                prefix.CopyTo(without.AsSpan(m * words, words));
                WeekCells.And(prefix, pool.Mask(m));
                Lo = Math.Max(Lo, pool.Lo[m]);
                Hi = Math.Min(Hi, pool.Hi[m]);
            }

            prefix.CopyTo(Mask);
            Span<ulong> suffix = stackalloc ulong[words];
            suffix.Fill(ulong.MaxValue);
            for (var k = Members.Count - 1; k >= 0; k--)
            {
                var m = Members[k];
                WeekCells.And(without.AsSpan(m * words, words), suffix);
                WeekCells.And(suffix, pool.Mask(m));
            }

            Value = (long)Members.Count * WeekCells.Count(Mask);
        }
    }
}
