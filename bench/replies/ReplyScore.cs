using System.Diagnostics;
using System.Text;
using System.Text.Json;
using MimeKit;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Email.Replies;

namespace SupportBot.Bench.Replies;

/// <summary>
/// Exact-match rate of reply extraction on a directory of cases: NNN.eml (or NNN.txt, a plain body)
/// with NNN.expected.txt, and an optional manifest.jsonl whose string fields (client, lang, style...)
/// group the cases. Prints only rates, so a blind set can be scored without reading it.
/// </summary>
internal static class ReplyScore
{
    private static readonly string[] IdFields = ["id", "case", "name", "file", "eml", "expected"];

    public static int Run(string dir)
    {
        var expectedFiles = Directory.GetFiles(dir, "*.expected.txt").Order(StringComparer.Ordinal).ToList();
        if (expectedFiles.Count == 0)
        {
            Console.Error.WriteLine($"no *.expected.txt in {dir}");
            return 1;
        }

        var groups = ReadManifest(Path.Combine(dir, "manifest.jsonl"));
        var totals = new SortedDictionary<string, (int Exact, int Count)>(StringComparer.Ordinal);
        var failedIds = new List<string>();
        var keptTooMuch = 0;
        var removedTooMuch = 0;
        var errors = 0;
        var clock = Stopwatch.StartNew();
        foreach (var expectedFile in expectedFiles)
        {
            var id = Path.GetFileName(expectedFile)[..^".expected.txt".Length];
            bool exact;
            try
            {
                var actual = Extract(dir, id);
                var expected = Normalize(File.ReadAllText(expectedFile, Encoding.UTF8));
                var got = actual is null ? null : Normalize(actual);
                exact = got == expected;
                WriteActual(dir, id, actual, exact);
                // Which way a miss goes, counted only: more text than expected, or a part of it.
                keptTooMuch += !exact && got is not null && got.Contains(expected, StringComparison.Ordinal) ? 1 : 0;
                removedTooMuch += !exact && got is not null && expected.Contains(got, StringComparison.Ordinal) ? 1 : 0;
            }
            catch (Exception ex) when (ex is FormatException or IOException or InvalidOperationException or ArgumentException)
            {
                errors++;
                exact = false;
            }

            if (!exact)
            {
                failedIds.Add(id);
            }

            Add(totals, "overall", exact);
            foreach (var group in groups.GetValueOrDefault(id) ?? [])
            {
                Add(totals, group, exact);
            }
        }

        foreach (var (group, (ok, count)) in totals)
        {
            Console.WriteLine($"{group,-40} {ok,4}/{count,-4} {100.0 * ok / count,6:F1} %");
        }

        Console.WriteLine($"misses: {keptTooMuch} kept more than expected, {removedTooMuch} kept only part of it, "
            + $"{failedIds.Count - keptTooMuch - removedTooMuch} other; errors: {errors}; {clock.ElapsedMilliseconds} ms");
        if (Environment.GetEnvironmentVariable("BENCH_LIST_FAILED") == "1")
        {
            // Case ids only, for a corpus one may read (never the blind set).
            Console.WriteLine("failed: " + string.Join(' ', failedIds));
        }

        return 0;
    }

    /// <summary>
    /// BENCH_WRITE_ACTUAL=OUT writes each miss's output to OUT/NNN.actual.txt, to read what went wrong on a
    /// corpus one may read. Refused for a directory named heldout, so a blind set is never written out.
    /// </summary>
    private static void WriteActual(string dir, string id, string? actual, bool exact)
    {
        var outDir = Environment.GetEnvironmentVariable("BENCH_WRITE_ACTUAL");
        if (string.IsNullOrEmpty(outDir) || exact || dir.Contains("heldout", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        Directory.CreateDirectory(outDir);
        File.WriteAllText(Path.Combine(outDir, id + ".actual.txt"), actual ?? "(no input file)", new UTF8Encoding(false));
    }

    private static string? Extract(string dir, string id)
    {
        // NNN.sent.txt, when there, is the message we sent: replies to our own mail are read knowing it.
        var sentFile = Path.Combine(dir, id + ".sent.txt");
        var sent = File.Exists(sentFile) ? new SentCopy([File.ReadAllText(sentFile, Encoding.UTF8)]) : null;
        var eml = Path.Combine(dir, id + ".eml");
        if (File.Exists(eml))
        {
            return IncomingMailReader.NewText(MimeMessage.Load(eml), sent, quoteContext: false);
        }

        var body = Path.Combine(dir, id + ".txt");
        return File.Exists(body) ? ReplyExtractor.Extract(File.ReadAllText(body, Encoding.UTF8), sent: sent, quoteContext: false) : null;
    }

    /// <summary>Whitespace-normalized: every run of white space (line ends included) is one space, ends trimmed.</summary>
    private static string Normalize(string text) =>
        string.Join(' ', text.Replace('\u00A0', ' ').Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static void Add(SortedDictionary<string, (int Exact, int Count)> totals, string group, bool exact)
    {
        var (ok, count) = totals.GetValueOrDefault(group);
        totals[group] = (ok + (exact ? 1 : 0), count + 1);
    }

    /// <summary>Case id -> "field=value" groups, from each line's string fields other than the id.</summary>
    private static Dictionary<string, List<string>> ReadManifest(string path)
    {
        var groups = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!File.Exists(path))
        {
            return groups;
        }

        foreach (var line in File.ReadLines(path).Where(l => l.Trim().Length > 0))
        {
            using var doc = JsonDocument.Parse(line);
            string? id = null;
            var fields = new List<string>();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
                {
                    continue;
                }

                var value = property.Value.ToString();
                if (IdFields.Contains(property.Name, StringComparer.OrdinalIgnoreCase))
                {
                    id ??= Path.GetFileName(value).Split('.')[0];
                }
                else if (value.Length <= 40)
                {
                    fields.Add($"{property.Name}={value}");
                }
            }

            if (id is not null)
            {
                groups[id] = fields;
            }
        }

        return groups;
    }
}
