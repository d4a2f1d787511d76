using System.Globalization;
using System.Text.Json;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Issue #16: how a set of the band's features does on knowledge bases it never saw, from a dump of every message's
/// features (<c>--learn-dump</c>), so that feature sets can be compared without reading the sets again. Each blind set
/// is predicted by a band fitted on every other dumped set (public and dev sets included, as the shipped fit); then the
/// best mean overall over the blind sets within each budget of wrong answers summed over them. Aggregate rates only.
/// <para>Usage: <c>--band-curve dump.jsonl [--band-features "0-41;0-43"] [--band-sweep true] [--band-at 0.76]</c> (ranges of feature
/// indexes, one curve each; the sweep adds each threshold's mean overall and wrong answers, from which the band's threshold is
/// chosen; band-at, each set's overall and wrong answers from that threshold, the demo base's sets apart). A set named with a
/// parenthesised suffix ("blind kb2 (fr)": the same messages against its base with one language taken out) is left out of the fit
/// together with the set of the same messages.</para>
/// </summary>
internal static class BandCurve
{
    private static readonly int[] Budgets = [140, 112, 90, 70, 60, 50, 40, 30];

    public static void Run(string dump, IReadOnlyDictionary<string, string> options)
    {
        var rows = File.ReadLines(dump).Select(Row.Parse).Where(r => !r.Absent).ToList();
        var skipped = DecisionModel.Skipped(options);
        var sets = rows.Select(r => r.Set).Distinct().Where(s => !skipped.Contains(s)).ToList();
        var blind = sets.Where(s => s.StartsWith("blind ", StringComparison.Ordinal)).ToList();
        var lambda = options.TryGetValue("lambda", out var l) ? double.Parse(l, CultureInfo.InvariantCulture) : 1e-3;
        var specs = (options.TryGetValue("band-features", out var f) ? f : $"0-{rows[0].X.Length - 1}").Split(';');
        Console.WriteLine(Invariant($"Leave one set out over {blind.Count} blind sets ({rows.Count(r => blind.Contains(r.Set))} messages), best mean overall within a budget of wrong answers:"));
        Console.WriteLine();
        Console.WriteLine("| features | " + string.Join(" | ", Budgets.Select(b => Invariant($"≤ {b}"))) + " |");
        Console.WriteLine("| --- |" + string.Concat(Budgets.Select(_ => " ---: |")));
        foreach (var spec in specs)
        {
            var columns = Columns(spec);
            var bySet = rows.Where(r => sets.Contains(r.Set)).GroupBy(r => r.Set).ToDictionary(g => g.Key, g => g.Select(r => r with { X = [.. columns.Select(c => r.X[c])] }).ToArray());
            var chances = blind.ToDictionary(n => n, n =>
            {
                // A set's messages read against the same base written otherwise ("blind kb2 (fr)": its French only) are left out with it.
                var model = DecisionModel.Logistic.Fit([.. sets.Where(s => Messages(s) != Messages(n)).SelectMany(s => bySet[s].Select(r => (r.X, r.Right, 100.0 / bySet[s].Length)))], lambda);
                return bySet[n].Select(r => model.Probability(r.X)).ToArray();
            });

            var curve = Enumerable.Range(30, 70).Select(t => t / 100.0).Select(t =>
            {
                var scores = blind.Select(n => DecisionModel.Learned(bySet[n].Select(r => r.Sample).ToArray(), chances[n], t)).ToList();
                return (Mean: scores.Average(s => s.Overall), Wrong: scores.Sum(s => s.Wrong));
            }).ToList();
            string Best(int budget) => curve.Where(c => c.Wrong <= budget).Select(c => c.Mean).DefaultIfEmpty(double.NaN).Max() is var m && double.IsNaN(m) ? "—" : Invariant($"{m * 100:F1}");
            Console.WriteLine($"| {spec} | " + string.Join(" | ", Budgets.Select(Best)) + " |");
            if (options.ContainsKey("band-sweep"))
            {
                // Where to answer from: every threshold's mean overall and wrong answers (AnswerConfidence.AnswerFrom is chosen here).
                Console.WriteLine("|   " + string.Join(", ", curve.Select((c, i) => (c, t: (i + 30) / 100.0)).Where(x => x.t is >= 0.70 and <= 0.90).Select(x => Invariant($"{x.t:F2}: {x.c.Mean * 100:F1} ({x.c.Wrong})"))) + " |");
            }

            if (options.TryGetValue("band-at", out var at))
            {
                // Each blind set at one threshold, and the demo base's sets apart from the other institutions' bases.
                var t = double.Parse(at, CultureInfo.InvariantCulture);
                var each = blind.ToDictionary(n => n, n => DecisionModel.Learned(bySet[n].Select(r => r.Sample).ToArray(), chances[n], t));
                string Group(Func<string, bool> member) => !each.Keys.Any(member) ? "—" : Invariant(
                    $"{each.Where(e => member(e.Key)).Average(e => e.Value.Overall) * 100:F1} ({each.Where(e => member(e.Key)).Sum(e => e.Value.Wrong)})");
                Console.WriteLine(Invariant($"|   from {t:F2}: demo base {Group(n => n.StartsWith("blind demo", StringComparison.Ordinal) && Messages(n) == n)}, other bases {Group(n => !n.StartsWith("blind demo", StringComparison.Ordinal) && Messages(n) == n)}")
                    + (each.Keys.Any(n => Messages(n) != n) ? Invariant($", bases written otherwise {Group(n => Messages(n) != n)}") : "") + "; "
                    + string.Join(", ", each.Select(e => Invariant($"{e.Key[6..]} {e.Value.Overall * 100:F1} ({e.Value.Wrong})"))) + " |");
            }
        }
    }

    private static string Messages(string set) => set.IndexOf(" (", StringComparison.Ordinal) is > 0 and var cut ? set[..cut] : set;

    private static int[] Columns(string spec) => [.. spec.Split(',').SelectMany(part => part.Split('-') is [var a, var b]
        ? Enumerable.Range(int.Parse(a, CultureInfo.InvariantCulture), int.Parse(b, CultureInfo.InvariantCulture) - int.Parse(a, CultureInfo.InvariantCulture) + 1)
        : [int.Parse(part, CultureInfo.InvariantCulture)])];

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private sealed record Row(string Set, bool Absent, bool Right, double[] X, DecisionModel.Sample Sample)
    {
        public static Row Parse(string line)
        {
            var j = JsonDocument.Parse(line).RootElement;
            string? S(string name) => j.GetProperty(name).ValueKind == JsonValueKind.Null ? null : j.GetProperty(name).GetString();
            var x = j.GetProperty("x").EnumerateArray().Select(v => v.GetDouble()).ToArray();
            var decision = new Decision(S("shipped"), [.. j.GetProperty("buttons").EnumerateArray().Select(b => b.GetString()!)]);
            var sample = new DecisionModel.Sample(S("expected"), S("candidate")!, j.GetProperty("right").GetBoolean(), x, decision, S("words"));
            return new Row(j.GetProperty("set").GetString()!, j.GetProperty("absent").GetBoolean(), sample.Right, x, sample);
        }
    }
}
