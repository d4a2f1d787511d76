using System.Globalization;

namespace SupportBot.Bench;

/// <summary>
/// Issue #16, the agreement band: when words and meaning put the same entry first, each above its own floor (and
/// each ahead of its runner-up by a margin), answer it, though the words alone would not. Sweeps the floors and
/// margins on the calibration sets only (dev, paraphrases, StackFAQ) and prints, per setting, the right answers
/// gained and the wrong answers added on each; blind sets are scored only with the settings given by --agree.
/// </summary>
internal static class AgreementCalibration
{
    public static void Run(IReadOnlyList<EmbeddedSet> calibration, IReadOnlyList<EmbeddedSet> all)
    {
        var prepared = calibration.Select(s => (Set: s, Base: s.ShippedWithButtons(), Tops: s.TopTwos())).ToList();

        // How well meaning alone ranks (its first entry is the right one) and how close out-of-scope questions come.
        Console.WriteLine("| set | meaning's first entry right (answerable) | words' first entry right | both first and right | out of scope with closeness >= 0.60 / 0.66 / 0.72 | one-click (shipped buttons) |");
        Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (set, decisions, tops) in prepared)
        {
            var queries = set.Set.Queries;
            var answerable = queries.Count(q => q.Id is not null);
            var cosRight = queries.Where((q, i) => q.Id is not null && tops[i].CosTop >= 0 && set.Set.Entries[tops[i].CosTop].Id == q.Id).Count();
            var lexRight = queries.Where((q, i) => q.Id is not null && tops[i].LexTop >= 0 && set.Set.Entries[tops[i].LexTop].Id == q.Id).Count();
            var both = queries.Where((q, i) => q.Id is not null && tops[i].LexTop >= 0 && tops[i].LexTop == tops[i].CosTop && set.Set.Entries[tops[i].LexTop].Id == q.Id).Count();
            var outOfScope = queries.Select((q, i) => (q, i)).Where(x => x.q.Id is null).Select(x => tops[x.i].Cos1).ToList();
            Console.WriteLine(Invariant($"| {set.Set.Name} | {cosRight} / {answerable} | {lexRight} / {answerable} | {both} | {outOfScope.Count(c => c >= 0.60)} / {outOfScope.Count(c => c >= 0.66)} / {outOfScope.Count(c => c >= 0.72)} of {outOfScope.Count} | {Scores.Of(queries, decisions).OneClickShare:P1} |"));
        }

        Console.WriteLine();
        var rows = new List<(double L, double C, double ML, double MC, int[] Gain, int[] Added, double Score)>();
        for (var l = 0.0; l <= 0.4501; l += 0.025)
        {
            for (var c = 0.30; c <= 0.8001; c += 0.02)
            {
                foreach (var ml in new[] { 0.0, 0.02, 0.05, 0.1 })
                {
                    foreach (var mc in new[] { 0.0, 0.02, 0.05, 0.1 })
                    {
                        var gain = new int[prepared.Count];
                        var added = new int[prepared.Count];
                        for (var i = 0; i < prepared.Count; i++)
                        {
                            var (set, decisions, tops) = prepared[i];
                            for (var q = 0; q < decisions.Length; q++)
                            {
                                if (decisions[q].Answer is not null)
                                {
                                    continue;
                                }

                                var t = tops[q];
                                if (t.LexTop >= 0 && t.LexTop == t.CosTop && t.Lex1 >= l && t.Cos1 >= c && t.Lex1 - t.Lex2 >= ml && t.Cos1 - t.Cos2 >= mc)
                                {
                                    var expected = set.Set.Queries[q].Id;
                                    if (expected == set.Set.Entries[t.LexTop].Id)
                                    {
                                        gain[i]++;
                                    }
                                    else
                                    {
                                        added[i]++;
                                    }
                                }
                            }
                        }

                        rows.Add((l, c, ml, mc, gain, added, 0));
                    }
                }
            }
        }

        var totals = prepared.Select(p => p.Set.Set.Queries.Count).ToArray();
        Console.WriteLine("| added wrong per 150 (worst set) at most | L | C | ML | MC | " + string.Join(" | ", prepared.Select(p => p.Set.Set.Name + " gained / added wrong")) + " |");
        Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | " + string.Join(" | ", prepared.Select(_ => "---:")) + " |");
        foreach (var budget in new[] { 0.0, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0 })
        {
            // Objective: the mean share of each set's questions gained, net of added wrong answers.
            var best = rows.Where(r => r.Added.Select((a, i) => a * 150.0 / totals[i]).Max() <= budget)
                .MaxBy(r => r.Gain.Select((g, i) => (g - r.Added[i]) / (double)totals[i]).Average());
            if (best.Gain is null)
            {
                continue;
            }

            Console.WriteLine(Invariant($"| {budget:F2} | {best.L:F3} | {best.C:F2} | {best.ML:F2} | {best.MC:F2} | ") + string.Join(" | ", best.Gain.Select((g, i) => $"{g} / {best.Added[i]}")) + " |");
        }

        Console.WriteLine();
        Veto(prepared);
        if (Environment.GetEnvironmentVariable("FAQ_AGREE") is { } spec)
        {
            var v = spec.Split(',').Select(x => double.Parse(x, CultureInfo.InvariantCulture)).ToArray();
            Console.WriteLine("| set | method | overall | right answers | right abstentions | wrong (per 150) | one-click |");
            Console.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
            foreach (var set in all)
            {
                var shipped = set.ShippedWithButtons();
                Print(set.Set, "words answer, buttons by meaning", Scores.Of(set.Set.Queries, shipped));
                var tops = set.TopTwos();
                var (agree, veto, both) = (shipped.ToArray(), shipped.ToArray(), shipped.ToArray());
                for (var q = 0; q < shipped.Length; q++)
                {
                    var t = tops[q];
                    var englishOnly = v.Length > 6 && v[6] > 0;
                    if (englishOnly && !set.IsEnglish(q))
                    {
                        continue;
                    }

                    if (shipped[q].Answer is null && t.LexTop >= 0 && t.LexTop == t.CosTop && t.Lex1 >= v[0] && t.Cos1 >= v[1] && t.Lex1 - t.Lex2 >= v[2] && t.Cos1 - t.Cos2 >= v[3])
                    {
                        agree[q] = both[q] = new Decision(set.Set.Entries[t.LexTop].Id, []);
                    }

                    if (shipped[q].Answer is not null && t.CosTop != t.LexTop && t.Lex1 < v[4] && t.Cos1 - t.CosOfLexTop >= v[5])
                    {
                        veto[q] = both[q] = new Decision(null, [set.Set.Entries[t.LexTop].Id, set.Set.Entries[t.CosTop].Id]);
                    }
                }

                Print(set.Set, "+ agreement band", Scores.Of(set.Set.Queries, agree));
                Print(set.Set, "+ veto", Scores.Of(set.Set.Queries, veto));
                Print(set.Set, Invariant($"+ both {spec}"), Scores.Of(set.Set.Queries, both));
            }
        }
    }

    /// <summary>A words answer that meaning puts elsewhere: right and wrong words answers such a veto would turn into buttons.</summary>
    private static void Veto(List<(EmbeddedSet Set, Decision[] Base, (int LexTop, double Lex1, double Lex2, int CosTop, double Cos1, double Cos2, double CosOfLexTop)[] Tops)> prepared)
    {
        Console.WriteLine("| veto below words score V, meaning's lead over the words' entry at least D | " + string.Join(" | ", prepared.Select(p => p.Set.Set.Name + " wrong removed / right lost")) + " |");
        Console.WriteLine("| --- | " + string.Join(" | ", prepared.Select(_ => "---:")) + " |");
        foreach (var v in new[] { 0.5, 0.55, 0.6, 0.7, 0.8, 1.01 })
        {
            foreach (var d in new[] { 0.0, 0.03, 0.06, 0.1, 0.15 })
            {
                var cells = prepared.Select(p =>
                {
                    var (removed, lost) = (0, 0);
                    for (var q = 0; q < p.Base.Length; q++)
                    {
                        var t = p.Tops[q];
                        if (p.Base[q].Answer is { } answer && t.CosTop != t.LexTop && t.Lex1 < v && t.Cos1 - t.CosOfLexTop >= d)
                        {
                            if (answer == p.Set.Set.Queries[q].Id)
                            {
                                lost++;
                            }
                            else
                            {
                                removed++;
                            }
                        }
                    }

                    return $"{removed} / {lost}";
                });
                Console.WriteLine(Invariant($"| V {v:F2}, D {d:F2} | ") + string.Join(" | ", cells) + " |");
            }
        }

        Console.WriteLine();
    }

    private static void Print(EvaluationSet set, string method, Scores s) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {set.Name} | {method} | {s.Overall:P1} | {s.RightShare:P1} | {s.AbstainedShare:P1} | {s.Wrong} ({s.WrongPer150:F1}) | {s.OneClickShare:P1} |"));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
