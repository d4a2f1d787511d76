using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace SupportBot.Shared.StudyGroups.Matching;

/// <summary>
/// The UTC week as 672 quarter-hour cells, 11 machine words per learner in one flat array, so
/// "how long do these people share" is an AND and a popcount per word.
/// </summary>
internal static class WeekCells
{
    public const int CellMinutes = 15;
    public const int Cells = UtcWeekInterval.MinutesPerWeek / CellMinutes;
    public const int Words = (Cells + 63) / 64;

    /// <summary>
    /// Sets the cells an interval covers entirely: a time off the quarter-hour is trimmed inwards,
    /// so cells never claim time someone does not have.
    /// </summary>
    public static void Set(Span<ulong> words, IReadOnlyList<UtcWeekInterval> intervals)
    {
        foreach (var interval in intervals)
        {
            var first = (interval.FromMinute + CellMinutes - 1) / CellMinutes;
            var end = Math.Min(interval.ToMinute / CellMinutes, Cells);
            for (var cell = first; cell < end; cell++)
            {
                words[cell >> 6] |= 1UL << (cell & 63);
            }
        }
    }

    public static int Count(ReadOnlySpan<ulong> a)
    {
        var count = 0;
        for (var w = 0; w < a.Length; w++)
        {
            count += BitOperations.PopCount(a[w]);
        }

        return count;
    }

    public static int CountShared(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        // The hottest loop of the matcher (every pair of learners): no bounds checks.
        ref var x = ref MemoryMarshal.GetReference(a);
        ref var y = ref MemoryMarshal.GetReference(b[..a.Length]);
        var count = 0;
        for (var w = 0; w < a.Length; w++)
        {
            count += BitOperations.PopCount(Unsafe.Add(ref x, w) & Unsafe.Add(ref y, w));
        }

        return count;
    }

    /// <summary>One bit per 64th of the week, set when any of its cells is: disjoint summaries share nothing.</summary>
    public static ulong Summary(ReadOnlySpan<ulong> a)
    {
        var summary = 0UL;
        for (var cell = 0; cell < Cells; cell++)
        {
            if ((a[cell >> 6] & (1UL << (cell & 63))) != 0)
            {
                summary |= 1UL << (cell * 64 / Cells);
            }
        }

        return summary;
    }

    public static void And(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var w = 0; w < target.Length; w++)
        {
            target[w] &= other[w];
        }
    }
}
