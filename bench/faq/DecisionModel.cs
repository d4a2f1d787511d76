using System.Globalization;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Issue #16, a learned answer band: instead of hand-set floors on the words' score and on meaning's, a logistic
/// regression over what both scorers say about their best entry estimates the chance that this entry is the right
/// answer; the matcher answers above a threshold. Trained on sets that earlier rounds already read (their aggregate
/// rates read many times, so no longer blind), judged leave-one-set-out on them and on sets never used to train.
/// Prints aggregate rates only.
/// </summary>
internal static class DecisionModel
{
    public static void Run(IReadOnlyList<EvaluationSet> sets, SentenceEmbedder embedder, IReadOnlyDictionary<string, string> options)
    {
        // Held out: scored with the final model, never fitted on. Skipped: not even read (sets kept for the final judgement).
        var heldOutNames = (options.TryGetValue("learn-heldout", out var h) ? h : "blind demo3,blind kb6").Split(',').ToHashSet(StringComparer.Ordinal);
        var skipped = Skipped(options);
        sets = [.. sets.Where(s => !skipped.Contains(s.Name) || heldOutNames.Contains(s.Name))];
        var samples = new Dictionary<string, Sample[]>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var matcher = FaqMatcher.Build(set.Entries, embedder: embedder);
            samples[set.Name] = [.. set.Queries.Select(q => Sample.Of(matcher, q))];
            Console.Error.WriteLine(Invariant($"{set.Name}: {set.Queries.Count} questions read in {clock.Elapsed.TotalSeconds:F1} s"));
        }

        if (options.TryGetValue("learn-dump", out var dump))
        {
            var absent = options.ContainsKey("learn-absent")
                ? sets.Where(s => !heldOutNames.Contains(s.Name)).ToDictionary(s => s.Name, s => WithEntryAbsent(s, embedder), StringComparer.Ordinal)
                : [];
            File.WriteAllLines(dump, samples.SelectMany(p => p.Value.Select(x => (p.Key, x, absent: false)))
                .Concat(absent.SelectMany(p => p.Value.Select(x => (p.Key, x, absent: true))))
                .Select(r => System.Text.Json.JsonSerializer.Serialize(new
                {
                    set = r.Key, expected = r.x.Expected, candidate = r.x.Candidate, right = r.x.Right, x = r.x.X, words = r.x.WordsAnswer,
                    shipped = r.x.Shipped.Answer, buttons = r.x.Shipped.Buttons, r.absent,
                })));
        }

        var training = sets.Where(s => !heldOutNames.Contains(s.Name)).Select(s => s.Name).ToList();
        var lambda = options.TryGetValue("lambda", out var l) ? double.Parse(l, CultureInfo.InvariantCulture) : 1e-3;

        // Leave one set out: each training set is predicted by a model that never saw it.
        var outOfFold = new Dictionary<string, double[]>(StringComparer.Ordinal);
        foreach (var name in training)
        {
            var model = Logistic.Fit([.. training.Where(n => n != name).SelectMany(n => Weighted(samples[n]))], lambda);
            outOfFold[name] = [.. samples[name].Select(s => model.Probability(s.X))];
        }

        PrintSweep("Out-of-fold (leave one set out), answer when P >= t; overall (wrong) per set:", training, samples, outOfFold);

        // Where the errors are, pooled over the training sets' out-of-fold predictions (counts only).
        foreach (var t in new[] { 0.7, 0.8, 0.9 })
        {
            var pooled = training.SelectMany(n => samples[n].Select((x, i) => (x, p: outOfFold[n][i]))).ToList();
            Console.WriteLine(Invariant($"t {t:F2}: answered out-of-scope {pooled.Count(z => z.p >= t && z.x.Expected is null)} of {pooled.Count(z => z.x.Expected is null)}; answered a wrong entry {pooled.Count(z => z.p >= t && z.x.Expected is not null && !z.x.Right)} (first entry wrong: {pooled.Count(z => z.x.Expected is not null && !z.x.Right)}); right first entry not answered {pooled.Count(z => z.p < t && z.x.Right)} of {pooled.Count(z => z.x.Right)}"));
        }

        var final = Logistic.Fit([.. training.SelectMany(n => Weighted(samples[n]))], lambda);
        var heldOut = sets.Select(s => s.Name).Where(heldOutNames.Contains).ToList();
        var predicted = heldOut.ToDictionary(n => n, n => samples[n].Select(s => final.Probability(s.X)).ToArray(), StringComparer.Ordinal);
        if (heldOut.Count > 0)
        {
            Console.WriteLine();
            PrintSweep("Held out (trained on every training set):", heldOut, samples, predicted);
        }

        Console.WriteLine();
        Console.WriteLine("Blend's first entry right, of answerable: " + string.Join(", ", sets.Select(s => Invariant(
            $"{s.Name} {samples[s.Name].Count(x => x.Right)}/{samples[s.Name].Count(x => x.Expected is not null)}"))));
        // The gate: words answers from this score stand without the model (the product's fast path).
        Console.WriteLine();
        Console.WriteLine("Gate sweep at t = 0.75, out-of-fold: gate, then overall (wrong) per set, and the share of questions the gate answers:");
        foreach (var gate in new[] { 0.5, 0.6, 0.7, 0.8, 2.0 })
        {
            var rows = training.Select(n => Learned(samples[n], outOfFold[n], 0.75, gate)).ToList();
            var gated = training.Sum(n => samples[n].Count(x => x.WordsAnswer is not null && x.X[13] >= gate));
            Console.WriteLine(Invariant($"| {gate:F1} | ") + string.Join(" | ", rows.Select(r => Invariant($"{r.Overall * 100:F1} ({r.Wrong})"))) + Invariant($" | mean {rows.Average(r => r.Overall) * 100:F1} | gated {gated} of {training.Sum(n => samples[n].Length)} |"));
        }

        // Per language: French and English messages answered right and wrongly, out-of-fold, by threshold.
        Console.WriteLine();
        Console.WriteLine("Per language, out-of-fold (gate 0.7): t, then French right / wrong of answerable French, English the same:");
        foreach (var t in new[] { 0.6, 0.65, 0.7, 0.75, 0.8 })
        {
            var pooled = training.SelectMany(n => samples[n].Select((x, i) => (x, p: outOfFold[n][i]))).ToList();
            string Of(double french)
            {
                var part = pooled.Where(z => z.x.X[7] == french).ToList();
                var answered = part.Select(z => z.x.WordsAnswer is not null && z.x.X[13] >= 0.7 ? z.x.WordsAnswer : z.p >= t ? z.x.Candidate : null).ToList();
                var right = part.Where((z, i) => answered[i] is not null && answered[i] == z.x.Expected).Count();
                var wrong = part.Where((z, i) => answered[i] is not null && answered[i] != z.x.Expected).Count();
                return Invariant($"{right} / {wrong} of {part.Count(z => z.x.Expected is not null)} ({part.Count(z => z.x.Expected is null)} out of scope)");
            }

            Console.WriteLine(Invariant($"| {t:F2} | fr {Of(1)} | en {Of(0)} |"));
        }

        Console.WriteLine();
        Console.WriteLine(final.ToCSharp());
        var threshold = options.TryGetValue("learn-t", out var tt) ? double.Parse(tt, CultureInfo.InvariantCulture) : 0.75;
        Console.WriteLine();
        Console.WriteLine(Invariant($"Trained on every training set, t = {threshold:F2}; weights (standardised features): {string.Join(", ", final.Weights.Select(w => w.ToString("F2", CultureInfo.InvariantCulture)))}"));
        Console.WriteLine();
        Console.WriteLine("| set | shipped overall (wrong) one-click | learned overall (wrong) one-click |");
        Console.WriteLine("| --- | ---: | ---: |");
        foreach (var name in sets.Select(s => s.Name).Where(heldOutNames.Contains))
        {
            var p = samples[name].Select(s => final.Probability(s.X)).ToArray();
            Console.WriteLine($"| {name} | {Format(Shipped(samples[name]))} | {Format(Learned(samples[name], p, threshold))} |");
        }
    }

    /// <summary>
    /// Near misses made from answerable messages: each entry in turn left out of its base, its messages read against the
    /// others. The message is then in the course's domain with no entry to answer it, as a learner's near miss is.
    /// </summary>
    private static List<Sample> WithEntryAbsent(EvaluationSet set, SentenceEmbedder embedder)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var made = new List<Sample>();
        foreach (var group in set.Queries.Where(q => q.Id is not null).GroupBy(q => q.Id))
        {
            var others = set.Entries.Where(e => e.Id != group.Key).ToList();
            if (others.Count == set.Entries.Count)
            {
                continue;
            }

            var matcher = FaqMatcher.Build(others, embedder: embedder);
            made.AddRange(group.Select(q => Sample.Of(matcher, new LabelledQuery(q.Q, null))));
        }

        Console.Error.WriteLine(Invariant($"{set.Name}: {made.Count} messages read with their entry absent in {clock.Elapsed.TotalSeconds:F1} s"));
        return made;
    }

    /// <summary>Sets no fit or choice may read (--learn-skip): those kept to judge the next change.</summary>
    public static IReadOnlySet<string> Skipped(IReadOnlyDictionary<string, string> options) =>
        (options.TryGetValue("learn-skip", out var k) ? k : "blind kb17,blind kb18,blind demo5,blind kb19,blind kb20,blind kb21,blind kb22,blind kb23,blind kb24,blind kb25").Split(',').ToHashSet(StringComparer.Ordinal);

    /// <summary>Per set, the product as it stands, then the learned band at each threshold: overall (wrong answers).</summary>
    private static void PrintSweep(string title, IReadOnlyList<string> names, Dictionary<string, Sample[]> samples, Dictionary<string, double[]> chances)
    {
        Console.WriteLine(title);
        Console.WriteLine();
        Console.WriteLine("| t | " + string.Join(" | ", names) + " | mean | worst wrong per 150 |");
        Console.WriteLine("| ---: | " + string.Join(" | ", names.Select(_ => "---:")) + " | ---: | ---: |");
        PrintRow("as it stands", names.Select(n => Shipped(samples[n])).ToList());
        foreach (var t in new[] { 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.93, 0.95, 0.97 })
        {
            PrintRow(Invariant($"{t:F2}"), names.Select(n => Learned(samples[n], chances[n], t)).ToList());
        }
    }

    private static IEnumerable<(double[] X, bool Y, double Weight)> Weighted(Sample[] set) =>
        set.Select(s => (s.X, s.Right, 100.0 / set.Length));

    private static Scores Shipped(Sample[] set) =>
        Scores.Of([.. set.Select(s => new LabelledQuery("", s.Expected))], [.. set.Select(s => s.Shipped)]);

    // The product's decision with the given chances: a sure words answer (from the gate's score) stands, else the
    // candidate is answered from t, else buttons (the shipped ones, or the words' answer beside the candidate).
    internal static Scores Learned(Sample[] set, double[] p, double t, double gate = 0.7) =>
        Scores.Of([.. set.Select(s => new LabelledQuery("", s.Expected))], [.. set.Select((s, i) =>
            s.WordsAnswer is not null && s.X[13] >= gate ? new Decision(s.WordsAnswer, [])
            : p[i] >= t ? new Decision(s.Candidate, [])
            : new Decision(null, s.Shipped.Answer is null ? s.Shipped.Buttons : [s.WordsAnswer ?? s.Candidate, s.Candidate]))]);

    private static void PrintRow(string label, IReadOnlyList<Scores> scores) =>
        Console.WriteLine($"| {label} | " + string.Join(" | ", scores.Select(s => Invariant($"{s.Overall * 100:F1} ({s.Wrong})")))
            + Invariant($" | {scores.Average(s => s.Overall) * 100:F1} | {scores.Max(s => s.WrongPer150):F1} |"));

    private static string Format(Scores s) => Invariant($"{s.Overall * 100:F1} ({s.Wrong}) {s.OneClickShare * 100:F1}");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>One question: the candidate entry, whether it is the right answer, and what the learned band reads of it.</summary>
    internal sealed record Sample(string? Expected, string Candidate, bool Right, double[] X, Decision Shipped, string? WordsAnswer)
    {
        public static Sample Of(FaqMatcher matcher, LabelledQuery query)
        {
            var (match, wordsAnswer, candidate, x) = matcher.Inspect(query.Q);
            return new Sample(query.Id, candidate, query.Id == candidate, x, new Decision(match.EntryId, match.Alternatives), wordsAnswer);
        }
    }

    /// <summary>L2-regularised logistic regression on standardised features, fitted by Newton's method.</summary>
    internal sealed class Logistic
    {
        private readonly double[] mean;
        private readonly double[] scale;

        private Logistic(double[] weights, double[] mean, double[] scale)
        {
            Weights = weights;
            this.mean = mean;
            this.scale = scale;
        }

        /// <summary>Intercept first, then one weight per standardised feature.</summary>
        public double[] Weights { get; }

        public static Logistic Fit(IReadOnlyList<(double[] X, bool Y, double Weight)> data, double lambda)
        {
            var d = data[0].X.Length;
            var total = data.Sum(r => r.Weight);
            var mean = Enumerable.Range(0, d).Select(j => data.Sum(r => r.Weight * r.X[j]) / total).ToArray();
            var scale = Enumerable.Range(0, d).Select(j => Math.Sqrt(data.Sum(r => r.Weight * (r.X[j] - mean[j]) * (r.X[j] - mean[j])) / total) + 1e-9).ToArray();
            var rows = data.Select(r => (Z: Standardise(r.X, mean, scale), r.Y, W: r.Weight / total)).ToArray();
            var w = new double[d + 1];
            for (var iteration = 0; iteration < 50; iteration++)
            {
                var gradient = new double[d + 1];
                var hessian = new double[d + 1, d + 1];
                foreach (var (z, y, weight) in rows)
                {
                    var p = Sigmoid(Dot(w, z));
                    var residual = p - (y ? 1 : 0);
                    var curvature = Math.Max(p * (1 - p), 1e-9);
                    for (var i = 0; i <= d; i++)
                    {
                        gradient[i] += weight * residual * z[i];
                        for (var j = 0; j <= d; j++)
                        {
                            hessian[i, j] += weight * curvature * z[i] * z[j];
                        }
                    }
                }

                for (var i = 1; i <= d; i++)
                {
                    gradient[i] += lambda * w[i];
                    hessian[i, i] += lambda;
                }

                hessian[0, 0] += 1e-9;
                var step = Solve(hessian, gradient);
                var size = 0.0;
                for (var i = 0; i <= d; i++)
                {
                    w[i] -= step[i];
                    size += Math.Abs(step[i]);
                }

                if (size < 1e-8)
                {
                    break;
                }
            }

            return new Logistic(w, mean, scale);
        }

        public double Probability(double[] x) => AnswerConfidence.Probability(x, Weights, mean, scale);

        /// <summary>The fitted arrays as C# to paste into AnswerConfidence.</summary>
        public string ToCSharp() => string.Join(Environment.NewLine, new[] { ("Weights", Weights), ("Means", mean), ("Scales", scale) }.Select(a =>
            $"    private static readonly double[] {a.Item1} = [{string.Join(", ", a.Item2.Select(v => v.ToString("R", CultureInfo.InvariantCulture)))}];"));

        private static double[] Standardise(double[] x, double[] mean, double[] scale)
        {
            var z = new double[x.Length + 1];
            z[0] = 1;
            for (var j = 0; j < x.Length; j++)
            {
                z[j + 1] = (x[j] - mean[j]) / scale[j];
            }

            return z;
        }

        private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));

        private static double Dot(double[] a, double[] b)
        {
            var sum = 0.0;
            for (var i = 0; i < a.Length; i++)
            {
                sum += a[i] * b[i];
            }

            return sum;
        }

        /// <summary>Gaussian elimination with partial pivoting (the system is small and positive definite).</summary>
        private static double[] Solve(double[,] a, double[] b)
        {
            var n = b.Length;
            var m = (double[,])a.Clone();
            var v = (double[])b.Clone();
            for (var k = 0; k < n; k++)
            {
                var pivot = Enumerable.Range(k, n - k).MaxBy(r => Math.Abs(m[r, k]));
                if (pivot != k)
                {
                    for (var j = 0; j < n; j++)
                    {
                        (m[k, j], m[pivot, j]) = (m[pivot, j], m[k, j]);
                    }

                    (v[k], v[pivot]) = (v[pivot], v[k]);
                }

                for (var r = k + 1; r < n; r++)
                {
                    var f = m[r, k] / m[k, k];
                    for (var j = k; j < n; j++)
                    {
                        m[r, j] -= f * m[k, j];
                    }

                    v[r] -= f * v[k];
                }
            }

            var x = new double[n];
            for (var r = n - 1; r >= 0; r--)
            {
                var sum = v[r];
                for (var j = r + 1; j < n; j++)
                {
                    sum -= m[r, j] * x[j];
                }

                x[r] = sum / m[r, r];
            }

            return x;
        }
    }
}
