using System.Numerics;

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
        var count = 0;
        for (var w = 0; w < a.Length; w++)
        {
            count += BitOperations.PopCount(a[w] & b[w]);
        }

        return count;
    }

    public static void And(Span<ulong> target, ReadOnlySpan<ulong> other)
    {
        for (var w = 0; w < target.Length; w++)
        {
            target[w] &= other[w];
        }
    }
}
