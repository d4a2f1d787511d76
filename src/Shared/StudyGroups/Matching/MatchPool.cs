namespace SupportBot.Shared.StudyGroups.Matching;

/// <summary>
/// The valid learners of one language, sorted by PersonId (index order is the tie-break
/// everywhere), with their week cells, size ranges, their strongest compatible partners and the
/// connected parts of the "could share a group" graph.
/// </summary>
internal sealed class MatchPool
{
    /// <summary>Strongest partners kept per learner: enough to grow and improve groups locally.</summary>
    public const int NeighborCount = 32;

    private readonly ulong[] masks;

    public MatchPool(IReadOnlyList<ulong[]> learnerMasks, IReadOnlyList<int> wishes, int minCells)
    {
        Count = learnerMasks.Count;
        MinCells = minCells;
        masks = new ulong[Count * WeekCells.Words];
        Wish = new int[Count];
        Lo = new int[Count];
        Hi = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            learnerMasks[i].CopyTo(masks.AsSpan(i * WeekCells.Words));
            Wish[i] = wishes[i];
            Lo[i] = StudyGroupMatcher.SmallestSizeFor(wishes[i]);
            Hi[i] = StudyGroupMatcher.LargestSizeFor(wishes[i]);
        }

        Degree = new int[Count];
        Neighbors = new int[Count * NeighborCount];
        Array.Fill(Neighbors, -1);
        var scores = new int[Count * NeighborCount];
        var parent = new int[Count];
        for (var i = 0; i < Count; i++)
        {
            parent[i] = i;
        }

        // Every pair once. A one-word summary of each week (a bit per 2 h 38 min) skips, in one AND,
        // the pairs that share nothing: evenings in Nouméa and in Paris, mornings and nights.
        var summaries = new ulong[Count];
        for (var i = 0; i < Count; i++)
        {
            summaries[i] = WeekCells.Summary(Mask(i));
        }

        for (var i = 0; i < Count; i++)
        {
            var a = Mask(i);
            var summary = summaries[i];
            for (var j = i + 1; j < Count; j++)
            {
                if ((summary & summaries[j]) == 0 || Math.Max(Lo[i], Lo[j]) > Math.Min(Hi[i], Hi[j]))
                {
                    continue;
                }

                var shared = WeekCells.CountShared(a, Mask(j));
                if (shared < minCells)
                {
                    continue;
                }

                Degree[i]++;
                Degree[j]++;
                Keep(i, j, shared, scores);
                Keep(j, i, shared, scores);
                Union(parent, i, j);
            }
        }

        var parts = new Dictionary<int, List<int>>();
        for (var i = 0; i < Count; i++)
        {
            var root = Find(parent, i);
            if (!parts.TryGetValue(root, out var part))
            {
                parts[root] = part = [];
            }

            part.Add(i);
        }

        // Ordered by their first learner, each in index order.
        Components = [.. parts.Values.OrderBy(p => p[0]).Select(p => p.ToArray())];
    }

    public int Count { get; }

    public int MinCells { get; }

    public int[] Wish { get; }

    /// <summary>Smallest and largest group size each learner accepts.</summary>
    public int[] Lo { get; }

    public int[] Hi { get; }

    /// <summary>How many learners each one could share a group with (pairwise): the hardest to place go first.</summary>
    public int[] Degree { get; }

    /// <summary><see cref="NeighborCount"/> slots per learner, best overlap first, -1 when fewer.</summary>
    public int[] Neighbors { get; }

    public IReadOnlyList<int[]> Components { get; }

    public ReadOnlySpan<ulong> Mask(int i) => masks.AsSpan(i * WeekCells.Words, WeekCells.Words);

    public ReadOnlySpan<int> NeighborsOf(int i) => Neighbors.AsSpan(i * NeighborCount, NeighborCount);

    private void Keep(int owner, int other, int shared, int[] scores)
    {
        var start = owner * NeighborCount;
        var last = start + NeighborCount - 1;
        // Strictly better only: on a tie the earlier (smaller PersonId) partner stays ahead.
        if (Neighbors[last] >= 0 && scores[last] >= shared)
        {
            return;
        }

        var k = last;
        while (k > start && (Neighbors[k - 1] < 0 || scores[k - 1] < shared))
        {
            Neighbors[k] = Neighbors[k - 1];
            scores[k] = scores[k - 1];
            k--;
        }

        Neighbors[k] = other;
        scores[k] = shared;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        var ra = Find(parent, a);
        var rb = Find(parent, b);
        if (ra != rb)
        {
            parent[Math.Max(ra, rb)] = Math.Min(ra, rb);
        }
    }
}
