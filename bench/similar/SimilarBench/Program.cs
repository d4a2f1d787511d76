using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.Shared.Faq;
using SupportBot.Shared.Routing;

// Scores the "a peer already answered a similar question" offer (#14 item 5) on module histories and
// later questions: per module, the earlier questions are indexed as answered, and each later question
// is asked of its module's index, by words alone and by words and meaning (sentence embeddings, as with
// Faq:Embeddings:Enabled). Prints rates only: held-out sets stay unread.
if (args.Length != 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: SupportBot.SimilarBench FOLDER   (FOLDER holds modules.jsonl and later.jsonl)");
    return 2;
}

var modules = ReadLines<ModuleHistory>(Path.Combine(args[0], "modules.jsonl"));
var later = ReadLines<LaterQuestion>(Path.Combine(args[0], "later.jsonl"));
var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(args[0]));
var withAnswers = modules.Sum(m => m.History.Count(h => !string.IsNullOrWhiteSpace(h.Answer)));
Console.WriteLine($"{withAnswers} of {modules.Sum(m => m.History.Count)} answered questions carry their answer's text (the others are indexed by their question only).");
Console.WriteLine();

using var embedder = new SentenceEmbedder(glossFrench: Environment.GetEnvironmentVariable("FAQ_GLOSS") == "1"); // FAQ_GLOSS=1: Faq:Embeddings:GlossFrench
foreach (var (mode, meaning) in new[] { ("words", (SentenceEmbedder?)null), ("words and meaning", embedder) })
{
    // The first two modules calibrate the floors; the others only measure them, so the figure reported
    // for floors chosen on the first part was never looked at while choosing.
    Report($"{name}, {mode}, calibration part", [.. modules.Take(2)], later, meaning);
    Report($"{name}, {mode}, test part", [.. modules.Skip(2)], later, meaning);
    Report($"{name}, {mode}, whole", modules, later, meaning);
}

return 0;

// By words, the words' floor varies; with meaning, the meaning's floor varies and the words' stays as shipped.
static void Report(string title, List<ModuleHistory> part, List<LaterQuestion> later, SentenceEmbedder? embedder)
{
    var asked = later.Where(l => part.Any(m => m.Module == l.Module)).ToList();
    var duplicates = asked.Count(l => l.DuplicateOf is not null);
    var shipped = embedder is null ? SimilarQuestionIndex.DefaultMinScore : SimilarQuestionIndex.MeaningMinScore;
    Console.WriteLine($"{title}: {part.Count} modules, {part.Sum(m => m.History.Count)} answered questions, "
        + $"{asked.Count} later questions ({duplicates} duplicates)");
    Console.WriteLine();
    Console.WriteLine($"| {(embedder is null ? "words' floor" : "meaning's floor")} | offers | right offers | precision | duplicates caught (right answer offered) | recall | non-duplicates offered something |");
    Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var floor in new[] { 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, shipped }.Distinct().Order())
    {
        var (offers, caught, falseAlarms) = embedder is null ? Score(part, asked, floor, null, null) : Score(part, asked, null, embedder, floor);
        var mark = floor == shipped ? " (shipped)" : "";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {floor:F2}{mark} | {offers} | {caught} | {Rate(caught, offers)} | {caught}/{duplicates} | {Rate(caught, duplicates)} | {falseAlarms}/{asked.Count - duplicates} |"));
    }

    Console.WriteLine();
}

static (int Offers, int Caught, int FalseAlarms) Score(
    List<ModuleHistory> part, List<LaterQuestion> asked, double? wordsFloor, SentenceEmbedder? embedder, double? meaningFloor)
{
    var day = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
    var (offers, caught, falseAlarms) = (0, 0, 0);
    foreach (var module in part)
    {
        var ids = module.History.ToDictionary(h => h.Id, _ => Guid.NewGuid());
        var index = SimilarQuestionIndex.Build(
            module.History.Select(h => new AnsweredQuestion(ids[h.Id], Guid.NewGuid(), h.Language, h.Text, null, h.Answer ?? "", "peer", day)),
            wordsFloor, embedder, meaningFloor);
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

/// <summary>An earlier question; <see cref="Answer"/> is the answer's text when the set gives it.</summary>
internal sealed record HistoryQuestion(string Id, string Language, string Text, string? Answer);

internal sealed record ModuleHistory(string Module, string Title, List<HistoryQuestion> History);

internal sealed record LaterQuestion(string Module, string Language, string Text, [property: JsonPropertyName("duplicate_of")] string? DuplicateOf);
