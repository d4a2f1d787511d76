using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.Shared.Routing;

// Scores the "a peer already answered a similar question" offer (#14 item 5) on module histories and
// later questions: per module, the earlier questions are indexed as answered, and each later question
// is asked of its module's index. Prints rates only: held-out sets stay unread.
if (args.Length != 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: SupportBot.SimilarBench FOLDER   (FOLDER holds modules.jsonl and later.jsonl)");
    return 2;
}

var modules = ReadLines<ModuleHistory>(Path.Combine(args[0], "modules.jsonl"));
var later = ReadLines<LaterQuestion>(Path.Combine(args[0], "later.jsonl"));
var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(args[0]));

// The first two modules calibrate the floor; the others only measure it, so the figure reported for
// a floor chosen on the first part was never looked at while choosing.
Report($"{name}, calibration part", [.. modules.Take(2)], later);
Report($"{name}, test part", [.. modules.Skip(2)], later);
Report($"{name}, whole", modules, later);
return 0;

static void Report(string title, List<ModuleHistory> part, List<LaterQuestion> later)
{
    var asked = later.Where(l => part.Any(m => m.Module == l.Module)).ToList();
    var duplicates = asked.Count(l => l.DuplicateOf is not null);
    Console.WriteLine($"{title}: {part.Count} modules, {part.Sum(m => m.History.Count)} answered questions, "
        + $"{asked.Count} later questions ({duplicates} duplicates)");
    Console.WriteLine();
    Console.WriteLine("| floor | offers | right offers | precision | duplicates caught | recall | non-duplicates offered something |");
    Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var floor in new[] { 0.35, 0.4, 0.45, SimilarQuestionIndex.DefaultMinScore, 0.55, 0.6, 0.7 }.Distinct().Order())
    {
        var (offers, caught, falseAlarms) = Score(part, asked, floor);
        var mark = floor == SimilarQuestionIndex.DefaultMinScore ? " (shipped)" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {floor:F2}{mark} | {offers} | {caught} | {Rate(caught, offers)} | {caught}/{duplicates} | {Rate(caught, duplicates)} | {falseAlarms}/{asked.Count - duplicates} |"));
    }

    Console.WriteLine();
}

static (int Offers, int Caught, int FalseAlarms) Score(List<ModuleHistory> part, List<LaterQuestion> asked, double floor)
{
    var day = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
    var (offers, caught, falseAlarms) = (0, 0, 0);
    foreach (var module in part)
    {
        var ids = module.History.ToDictionary(h => h.Id, _ => Guid.NewGuid());
        var index = SimilarQuestionIndex.Build(
            module.History.Select(h => new AnsweredQuestion(ids[h.Id], Guid.NewGuid(), h.Language, h.Text, null, "(answer)", "peer", day)),
            floor);
        foreach (var question in asked.Where(l => l.Module == module.Module))
        {
            var found = index.Find(question.Text);
            offers += found.Count;
            caught += question.DuplicateOf is { } dup && found.Any(f => f.Earlier.QuestionId == ids[dup]) ? 1 : 0;
            falseAlarms += question.DuplicateOf is null && found.Count > 0 ? 1 : 0;
        }
    }

    return (offers, caught, falseAlarms);
}

static string Rate(int part, int whole) => whole == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:F1} %");

static List<T> ReadLines<T>(string path) =>
    [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<T>(l, JsonSerializerOptions.Web)!)];

internal sealed record HistoryQuestion(string Id, string Language, string Text);

internal sealed record ModuleHistory(string Module, string Title, List<HistoryQuestion> History);

internal sealed record LaterQuestion(string Module, string Language, string Text, [property: JsonPropertyName("duplicate_of")] string? DuplicateOf);
