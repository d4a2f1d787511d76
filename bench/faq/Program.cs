using System.Diagnostics;
using System.Globalization;
using SupportBot.Bench;
using SupportBot.Shared.Faq;

// FAQ matcher against PostgreSQL full-text search (ts_rank) on the same entries and queries, in one run.
// Usage: SupportBot.Bench --pg <connection string> --kb demo/demo-kb.json --dev dev.jsonl --heldout paraphrases.jsonl [--rounds 40]
//        [--set name=kb.json,queries.jsonl ...] [--accuracy-only true] (--pg may be left out with --accuracy-only: no ts_rank then)
//        [--embeddings false]: FaqMatcher by words alone only (by default both rows: words alone, and as shipped, with meanings)
//        [--gloss false]: with meanings, French read as typed instead of through its English gloss (Faq:Embeddings:GlossFrench)
//        [--translate false]: French read through its gloss alone, not its Apertium translation too (Faq:Embeddings:TranslateFrench)
//        [--learn true [--learn-heldout "set,set"] [--learn-skip "set,set"] [--learn-t 0.85] [--lambda 0.001] [--learn-dump file.jsonl]]:
//            the learned answer band of #16 (DecisionModel; the dump holds each message's features, for trying other models offline;
//            --learn-absent true adds to it each answerable message read with its entry left out of the base, marked "absent")
//        [--learn-from-use true]: each set's scores before and after half its messages' learners taught the bot (LearningFromUse)
//        [--band-curve dump.jsonl [--band-features "0-41;0-43"]]: the band on blind sets left out, per feature set, from a dump (BandCurve)
//        [--rank true]: which blend of words and meaning ranks the right entry first (RankExperiment)
//        [--embed minilm|arctic [--calibrate true] [--hybrid w,β,A,M,S]]: the sentence-embedding experiment of #16 instead (EmbeddingExperiment)
var pairs = args.Chunk(2).Where(p => p.Length == 2).Select(p => (Key: p[0].TrimStart('-'), Value: p[1])).ToList();
var options = pairs.Where(p => p.Key != "set").ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
var setSpecs = pairs.Where(p => p.Key == "set").Select(p => p.Value).ToList();
string Arg(string name) => options.TryGetValue(name, out var value) ? value : throw new ArgumentException($"--{name} is required");
var rounds = options.TryGetValue("rounds", out var r) ? int.Parse(r, CultureInfo.InvariantCulture) : 40;

if (options.TryGetValue("band-curve", out var bandDump))
{
    BandCurve.Run(bandDump, options);
    return 0;
}

var demo = KnowledgeBaseFile.Load(Arg("kb")).File ?? throw new InvalidDataException("the knowledge base file is not valid");
if (options.TryGetValue("probe", out var probe))
{
    // Hand-written phrasings (never a held-out file): the matcher's decision on them without and with embeddings.
    using var probeEmbedder = new SentenceEmbedder();
    var (words, meaning) = (FaqMatcher.Build(demo.Entries), FaqMatcher.Build(demo.Entries, embedder: probeEmbedder));
    foreach (var line in File.ReadAllLines(probe).Where(l => l.Length > 0))
    {
        var (a, b) = (words.Match(line), meaning.Match(line));
        var (lexical, closeness) = (meaning.EntryScores(line), meaning.EntryCloseness(line));
        var blend = lexical.Select((l, e) => (Id: demo.Entries[e].Id, Score: (0.5 * l) + (0.5 * closeness[e]), Closeness: closeness[e])).OrderByDescending(x => x.Score).Take(3);
        Console.WriteLine($"{line}\n    words: {a.Outcome} {a.EntryId} [{string.Join(", ", a.Alternatives)}]\n    meaning: {b.Outcome} {b.EntryId} [{string.Join(", ", b.Alternatives)}]");
        Console.WriteLine(Invariant($"    blend: {string.Join(", ", blend.Select(x => $"{x.Id} {x.Score:F3} (cos {x.Closeness:F3})"))}; mean cos {closeness.Average():F3}, max {closeness.Max():F3}"));
    }

    return 0;
}
// --gloss false: French read as typed, not through its English gloss (Faq:Embeddings:GlossFrench, on by default);
// --translate false: through the gloss alone (Faq:Embeddings:TranslateFrench, on by default).
SentenceEmbedder Embedder() => new(glossFrench: options.GetValueOrDefault("gloss") != "false", translateFrench: options.GetValueOrDefault("translate") != "false");

var dev = LabelledQuery.ReadJsonLines(Arg("dev"));
var heldOut = LabelledQuery.ReadJsonLines(Arg("heldout"));
var queries = dev.Concat(heldOut).Select(q => q.Q).ToArray();
var accuracyOnly = options.ContainsKey("accuracy-only");
await using var fts = accuracyOnly && !options.ContainsKey("pg") ? null : await FullTextSearch.ConnectAsync(Arg("pg"));
if (setSpecs.Count > 0)
{
    var sets = new List<EvaluationSet>();
    foreach (var spec in setSpecs)
    {
        if (EvaluationSet.Parse(spec) is { } set)
        {
            sets.Add(set);
        }
        else
        {
            await Console.Error.WriteLineAsync($"skipped {spec}: a file is missing");
        }
    }

    if (options.TryGetValue("embed", out var model))
    {
        await EmbeddingExperiment.RunAsync(model, sets, options);
        return 0;
    }

    if (options.ContainsKey("rank"))
    {
        using var rankEmbedder = Embedder();
        RankExperiment.Run(sets, rankEmbedder, options);
        return 0;
    }

    if (options.ContainsKey("not-quite"))
    {
        using var notQuiteEmbedder = Embedder();
        NotQuiteFollowUp.Run(sets, notQuiteEmbedder, options);
        return 0;
    }

    if (options.ContainsKey("learn-from-use"))
    {
        using var useEmbedder = Embedder();
        await LearningFromUse.RunAsync(sets, useEmbedder, Arg("pg"));
        return 0;
    }

    if (options.ContainsKey("learn"))
    {
        using var learnEmbedder = Embedder();
        DecisionModel.Run(sets, learnEmbedder, options);
        return 0;
    }

    using var embedder = options.TryGetValue("embeddings", out var withMeanings) && withMeanings == "false" ? null : Embedder();
    await AccuracyReport.PrintAsync(sets, fts, embedder);
}

if (accuracyOnly || fts is null)
{
    return 0;
}


Console.WriteLine($"# FAQ matcher vs PostgreSQL ts_rank — {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} CPUs, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, PostgreSQL {fts.ServerVersion}");
Console.WriteLine();

// Accuracy on the real knowledge base; ts_rank's query form, normalisation and threshold are the best of a sweep on dev.
var matcher = FaqMatcher.Build(demo.Entries);
await fts.LoadAsync(demo.Entries);
var calibration = await fts.CalibrateAsync(dev);
var devMatcher = FaqEvaluation.Run(matcher, dev).Overall;
var heldOutMatcher = FaqEvaluation.Run(matcher, heldOut).Overall;
var devFts = await fts.AccuracyAsync(dev, calibration);
var heldOutFts = await fts.AccuracyAsync(heldOut, calibration);
Console.WriteLine($"ts_rank calibrated on dev: {calibration}");
Console.WriteLine();
Console.WriteLine("| accuracy (overall: right answer or right abstention) | FaqMatcher | ts_rank | delta |");
Console.WriteLine("| --- | ---: | ---: | ---: |");
Console.WriteLine(Invariant($"| dev ({dev.Count} queries, ts_rank calibrated here) | {devMatcher:P1} | {devFts:P1} | {(devMatcher - devFts) * 100:+0.0;-0.0} pts |"));
Console.WriteLine(Invariant($"| paraphrases ({heldOut.Count} queries, held out for both) | {heldOutMatcher:P1} | {heldOutFts:P1} | {(heldOutMatcher - heldOutFts) * 100:+0.0;-0.0} pts |"));
Console.WriteLine();

Console.WriteLine($"Latency per query over {queries.Length} queries (dev + paraphrases) × {rounds} rounds (ts_rank: prepared statement, one connection, round trip on localhost):");
Console.WriteLine();
Console.WriteLine("| entries | build | FaqMatcher p50 | p99 | ts_rank p50 | p99 | speed-up p50 | speed-up p99 |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
foreach (var size in new[] { 37, 1_000, 10_000 })
{
    var entries = SyntheticKnowledgeBase.Grow(demo.Entries, size);
    var build = Stopwatch.StartNew();
    var sized = FaqMatcher.Build(entries);
    build.Stop();
    await fts.LoadAsync(entries);

    foreach (var q in queries)
    {
        sized.Match(q);
        await fts.TopAsync(q, calibration);
    }

    var ours = new List<double>();
    var perQuery = queries.ToDictionary(q => q, _ => new List<double>(), StringComparer.Ordinal);
    var collections = GC.CollectionCount(0);
    var theirs = new List<double>();
    for (var round = 0; round < rounds; round++)
    {
        foreach (var q in queries)
        {
            var start = Stopwatch.GetTimestamp();
            sized.Match(q);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            ours.Add(elapsed);
            perQuery[q].Add(elapsed);
        }

        // ts_rank takes milliseconds: a quarter of the rounds gives enough samples for its p99.
        if (round % 4 == 0)
        {
            foreach (var q in queries)
            {
                var start = Stopwatch.GetTimestamp();
                await fts.TopAsync(q, calibration);
                theirs.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }
    }

    var (p50, p99) = (Percentile(ours, 0.50), Percentile(ours, 0.99));
    var slowest = perQuery.MaxBy(kv => Percentile(kv.Value, 0.5));
    await Console.Error.WriteLineAsync(Invariant($"{size}: slowest query by median \"{slowest.Key}\" {Percentile(slowest.Value, 0.5) * 1000:F0} µs; gen0 collections {GC.CollectionCount(0) - collections}"));
    var (t50, t99) = (Percentile(theirs, 0.50), Percentile(theirs, 0.99));
    Console.WriteLine(Invariant($"| {size:N0} | {build.Elapsed.TotalMilliseconds:F0} ms | {p50 * 1000:F0} µs | {p99 * 1000:F0} µs | {t50 * 1000:F0} µs | {t99 * 1000:F0} µs | {t50 / p50:F0}× | {t99 / p99:F0}× |"));
}

// The embedding step's added cost, separately: the demo base with meanings, every query one at a time (the message's
// vector is computed only when words do not answer it, so answered queries cost what the table above says).
{
    using var embedder = new SentenceEmbedder();
    var build = Stopwatch.StartNew();
    var withMeanings = FaqMatcher.Build(demo.Entries, embedder: embedder);
    build.Stop();
    var words = FaqMatcher.Build(demo.Entries);
    var (answered, unanswered) = (new List<double>(), new List<double>());
    foreach (var q in queries)
    {
        withMeanings.Match(q);
    }

    for (var round = 0; round < Math.Max(1, rounds / 10); round++)
    {
        foreach (var q in queries)
        {
            // Each message read as if new: the models keep the last few messages' runs, which would time a repeat instead.
            SentenceModel.MiniLM.ForgetRecent();
            SentenceModel.Arctic.ForgetRecent();
            var start = Stopwatch.GetTimestamp();
            withMeanings.Match(q);
            var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            (words.Match(q).Outcome == MatchOutcome.Answered ? answered : unanswered).Add(elapsed);
        }
    }

    // The French gloss (Faq:Embeddings:GlossFrench), per message, apart from the vector it is then read into.
    var glossTimes = new List<double>();
    foreach (var q in queries)
    {
        var start = Stopwatch.GetTimestamp();
        FrenchGloss.Default.Gloss(q);
        glossTimes.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
    }

    Console.WriteLine();
    Console.WriteLine(Invariant($"French gloss per message ({FrenchGloss.Default.Headwords} headwords, {glossTimes.Count} messages): p50 {Percentile(glossTimes, 0.5) * 1000:F0} µs, p99 {Percentile(glossTimes, 0.99) * 1000:F0} µs"));
    Console.WriteLine(Invariant($"With meanings (demo base, {demo.Entries.Count} entries; build incl. model load {build.Elapsed.TotalMilliseconds:F0} ms): answered by words p50 {Percentile(answered, 0.5) * 1000:F0} µs, p99 {Percentile(answered, 0.99) * 1000:F0} µs ({answered.Count} samples); read for meaning p50 {Percentile(unanswered, 0.5):F1} ms, p99 {Percentile(unanswered, 0.99):F1} ms ({unanswered.Count} samples)"));
}

return 0;

static double Percentile(List<double> samples, double p)
{
    var sorted = samples.Order().ToArray();
    return sorted[Math.Max(0, (int)Math.Ceiling(p * sorted.Length) - 1)];
}

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
