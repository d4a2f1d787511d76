namespace SupportBot.Shared.StudyGroups.Matching;

/// <summary>
/// The best grouping of a small connected part of a pool, by dynamic programming over the subsets
/// of its learners: small language pools and isolated clusters (a handful of overseas learners)
/// are where a heuristic's mistake would cost a whole group.
/// </summary>
internal static class ExactGrouping
{
    /// <summary>2^12 states and at most 2,431 candidate groups: well under a millisecond or so.</summary>
    public const int MaxLearners = 12;

    public static List<int[]> Run(MatchPool pool, int[] part)
    {
        var n = part.Length;
        if (n > MaxLearners)
        {
            throw new ArgumentException($"At most {MaxLearners} learners.", nameof(part));
        }

        // Every valid group, filed under its lowest member.
        var groupsByLowest = new List<(int Set, int Size, long Value)>[n];
        for (var i = 0; i < n; i++)
        {
            groupsByLowest[i] = [];
        }

        var stack = new ulong[(StudyGroupMatcher.MaxGroupSize + 1) * WeekCells.Words];
        for (var i = 0; i < n; i++)
        {
            pool.Mask(part[i]).CopyTo(stack);
            Enumerate(pool, part, groupsByLowest[i], stack, 1 << i, 1, i + 1, pool.Lo[part[i]], pool.Hi[part[i]]);
        }

        var full = (1 << n) - 1;
        var bestPlaced = new int[1 << n];
        var bestValue = new long[1 << n];
        var choice = new int[1 << n];
        var known = new bool[1 << n];
        Solve(full, groupsByLowest, bestPlaced, bestValue, choice, known, 0);

        var result = new List<int[]>();
        for (var assigned = 0; assigned != full;)
        {
            var lowest = System.Numerics.BitOperations.TrailingZeroCount(~assigned);
            var set = choice[assigned];
            if (set == 0)
            {
                assigned |= 1 << lowest;
                continue;
            }

            result.Add([.. Enumerable.Range(0, n).Where(k => (set & (1 << k)) != 0).Select(k => part[k])]);
            assigned |= set;
        }

        return result;
    }

    private static void Enumerate(
        MatchPool pool, int[] part, List<(int Set, int Size, long Value)> found, ulong[] stack, int set, int size, int next, int lo, int hi)
    {
        var words = WeekCells.Words;
        var mask = stack.AsSpan((size - 1) * words, words);
        if (size >= StudyGroupMatcher.MinGroupSize && size >= lo && size <= hi)
        {
            found.Add((set, size, (long)size * WeekCells.Count(mask)));
        }

        if (size == Math.Min(hi, StudyGroupMatcher.MaxGroupSize))
        {
            return;
        }

        for (var k = next; k < part.Length; k++)
        {
            var learner = part[k];
            var newLo = Math.Max(lo, pool.Lo[learner]);
            var newHi = Math.Min(hi, pool.Hi[learner]);
            if (newLo > newHi || newHi < size + 1 || WeekCells.CountShared(mask, pool.Mask(learner)) < pool.MinCells)
            {
                continue;
            }

            var child = stack.AsSpan(size * words, words);
            mask.CopyTo(child);
            WeekCells.And(child, pool.Mask(learner));
            Enumerate(pool, part, found, stack, set | (1 << k), size + 1, k + 1, newLo, newHi);
        }
    }

    /// <summary>Best (placed learners, then learner-cells) for the learners not yet in <paramref name="assigned"/>.</summary>
    private static void Solve(
        int full, List<(int Set, int Size, long Value)>[] groupsByLowest, int[] bestPlaced, long[] bestValue, int[] choice, bool[] known, int assigned)
    {
        if (known[assigned])
        {
            return;
        }

        known[assigned] = true;
        if (assigned == full)
        {
            return;
        }

        // Groups with the lowest learner first, leaving them out last: on a tie the smaller PersonIds are placed.
        var lowest = System.Numerics.BitOperations.TrailingZeroCount(~assigned);
        int placed = -1, chosen = 0;
        long value = -1;
        foreach (var (set, size, groupValue) in groupsByLowest[lowest])
        {
            if ((set & assigned) != 0)
            {
                continue;
            }

            var after = assigned | set;
            Solve(full, groupsByLowest, bestPlaced, bestValue, choice, known, after);
            var p = bestPlaced[after] + size;
            var v = bestValue[after] + groupValue;
            if (p > placed || (p == placed && v > value))
            {
                (placed, value, chosen) = (p, v, set);
            }
        }

        var skip = assigned | (1 << lowest);
        Solve(full, groupsByLowest, bestPlaced, bestValue, choice, known, skip);
        if (bestPlaced[skip] > placed || (bestPlaced[skip] == placed && bestValue[skip] > value))
        {
            (placed, value, chosen) = (bestPlaced[skip], bestValue[skip], 0);
        }

        bestPlaced[assigned] = placed;
        bestValue[assigned] = value;
        choice[assigned] = chosen;
    }
}
