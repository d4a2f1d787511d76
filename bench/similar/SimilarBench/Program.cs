using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SupportBot.Shared.Faq;
using SupportBot.Shared.Routing;

// Scores the "a peer already answered a similar question" offer (#14 item 5) on module histories and
// later questions: per module, the earlier questions are indexed as answered, and each later question
// is asked of its module's index, by words alone and by words and meaning (sentence embeddings, as with
// Faq:Embeddings:Enabled). Prints rates only: held-out sets stay unread.
// Usage: FOLDER [--part calibration|test|whole|all]. Choosing a rule, read the calibration part alone.
var part = args.Length == 3 && args[1] == "--part" ? args[2] : "all";
if ((args.Length != 1 && args.Length != 3) || !Directory.Exists(args[0]) || part is not ("calibration" or "test" or "whole" or "all"))
{
    Console.Error.WriteLine("usage: SupportBot.SimilarBench FOLDER [--part calibration|test|whole|all]   (FOLDER holds modules.jsonl and later.jsonl)");
    return 2;
}

var modules = ReadLines<ModuleHistory>(Path.Combine(args[0], "modules.jsonl"));
var later = ReadLines<LaterQuestion>(Path.Combine(args[0], "later.jsonl"));
var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(args[0]));
var withAnswers = modules.Sum(m => m.History.Count(h => !string.IsNullOrWhiteSpace(h.Answer)));
Console.WriteLine($"{withAnswers} of {modules.Sum(m => m.History.Count)} answered questions carry their answer's text (the others are indexed by their question only).");
Console.WriteLine();

// The first two modules calibrate the rule; the others only measure it, so the figure reported for a rule
// chosen on the first part was never looked at while choosing.
var parts = new List<(string Title, List<ModuleHistory> Modules)>();
if (part is "calibration" or "all")
{
    parts.Add(("calibration part", [.. modules.Take(2)]));
}

if (part is "test" or "all")
{
    parts.Add(("test part", [.. modules.Skip(2)]));
}

if (part is "whole" or "all")
{
    parts.Add(("whole", modules));
}

// FAQ_GLOSS=0: Faq:Embeddings:GlossFrench=false; FAQ_TRANSLATE=0: Faq:Embeddings:TranslateFrench=false.
using var embedder = new SentenceEmbedder(glossFrench: Environment.GetEnvironmentVariable("FAQ_GLOSS") != "0", translateFrench: Environment.GetEnvironmentVariable("FAQ_TRANSLATE") != "0");
foreach (var (title, chosen) in parts)
{
    var byWords = Scored(chosen, later, null);
    var byMeaning = Scored(chosen, later, embedder);
    Header($"{name}, words, {title}", chosen, byWords);
    Grid(byWords, "words' floor", f => SimilarOfferRule.Union with { WordsAloneFloor = f }, SimilarOfferRule.Shipped.WordsAloneFloor);
    Header($"{name}, words and meaning (union of the best by each), {title}", chosen, byMeaning);
    Grid(byMeaning, "meaning's floor", f => SimilarOfferRule.Union with { MeaningFloor = f }, SimilarOfferRule.Union.MeaningFloor);
    Header($"{name}, words and meaning, candidate rules, {title}", chosen, byMeaning);
    Table("rule", byMeaning, Candidates());
}

return 0;

static void Header(string title, List<ModuleHistory> part, List<Asked> asked)
{
    Console.WriteLine($"{title}: {part.Count} modules, {part.Sum(m => m.History.Count)} answered questions, "
        + $"{asked.Count} later questions ({asked.Count(a => a.DuplicateOf is not null)} duplicates)");
    Console.WriteLine();
}

static void Grid(List<Asked> asked, string what, Func<double, SimilarOfferRule> rule, double shipped) =>
    Table(what, asked, [.. new[] { 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, shipped }.Distinct().Order()
        .Select(f => (string.Create(CultureInfo.InvariantCulture, $"{f:F2}{(f == shipped ? " (shipped)" : "")}"), rule(f)))]);

static void Table(string what, List<Asked> asked, IEnumerable<(string Name, SimilarOfferRule Rule)> rules)
{
    var duplicates = asked.Count(a => a.DuplicateOf is not null);
    Console.WriteLine($"| {what} | offers | right offers | precision | duplicates caught (right answer offered) | recall | non-duplicates offered something |");
    Console.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    foreach (var (ruleName, rule) in rules)
    {
        var (offers, caught, falseAlarms) = (0, 0, 0);
        foreach (var a in asked)
        {
            var found = a.Index.Find(a.Scores, rule);
            offers += found.Count;
            caught += a.DuplicateOf is { } dup && found.Any(f => f.Earlier.QuestionId == dup) ? 1 : 0;
            falseAlarms += a.DuplicateOf is null && found.Count > 0 ? 1 : 0;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {ruleName} | {offers} | {caught} | {Rate(caught, offers)} | {caught}/{duplicates} | {Rate(caught, duplicates)} | {falseAlarms}/{asked.Count - duplicates} |"));
    }

    Console.WriteLine();
}

// The rules compared (#14 item 5, precision): each idea alone on the shipped union, then combined.
static IEnumerable<(string, SimilarOfferRule)> Candidates()
{
    var union = SimilarOfferRule.Union;
    yield return ("union: best by words >= 0.45, best by meaning >= 0.55 (before)", union);
    yield return ("shipped", SimilarOfferRule.Shipped);
    yield return ("one offer", union with { OneOffer = true });
    yield return ("second offer only when strong (0.6 / 0.7)", union with { SecondOfferFloors = (0.6, 0.7) });
    foreach (var margin in new[] { 0.02, 0.04, 0.06, 0.08, 0.1 })
    {
        yield return (F($"meaning's lead over its runner-up >= {margin:F2}"), union with { MeaningMargin = margin });
    }

    foreach (var kinds in new[] { KeyTermKinds.ErrorCodes, KeyTermKinds.Numbers, KeyTermKinds.FileTypes, KeyTermKinds.ToolNames, KeyTermKinds.All })
    {
        yield return ($"contradicting {kinds}: never offered", union with { Contradictions = kinds, ContradictionFactor = 0 });
        yield return ($"contradicting {kinds}: scores x 0.85", union with { Contradictions = kinds, ContradictionFactor = 0.85 });
    }

    foreach (var floor in new[] { 0.5, 0.55, 0.6, 0.65, 0.7 })
    {
        foreach (var margin in new[] { 0.0, 0.05, 0.1, 0.15, 0.2 })
        {
            yield return (F($"meaning >= {floor:F2}, lead >= {margin:F2}"), union with { MeaningFloor = floor, MeaningMargin = margin });
        }
    }

    foreach (var k in new[] { 0.25, 0.5 })
    {
        foreach (var floor in new[] { 0.55, 0.6, 0.65, 0.7 })
        {
            foreach (var margin in new[] { 0.0, 0.05, 0.1, 0.15 })
            {
                yield return (F($"meaning + {k:F2} x words >= {floor:F2}, lead >= {margin:F2}"),
                    union with { WordsInMeaning = k, MeaningFloor = floor, MeaningMargin = margin });
            }
        }
    }

    // The shipped rule with each other idea on top, and its lead a little either side.
    var shipped = SimilarOfferRule.Shipped;
    foreach (var margin in new[] { 0.08, 0.12 })
    {
        yield return (F($"shipped, lead >= {margin:F2}"), shipped with { MeaningMargin = margin });
    }

    yield return ("shipped, one offer", shipped with { OneOffer = true });
    yield return ("shipped, contradicting ErrorCodes never offered", shipped with { Contradictions = KeyTermKinds.ErrorCodes, ContradictionFactor = 0 });
    yield return ("shipped, contradicting ErrorCodes or FileTypes never offered",
        shipped with { Contradictions = KeyTermKinds.ErrorCodes | KeyTermKinds.FileTypes, ContradictionFactor = 0 });
    yield return ("shipped, agree >= 0.30/0.50", shipped with { AgreementFloors = (0.3, 0.5) });
    yield return ("shipped, words alone >= 0.50", shipped with { WordsFloor = 0.5 });

    // Agreement: both ways put the same earlier question first; alone, each way needs a higher floor.
    foreach (var (aw, am) in new[] { (0.0, 0.45), (0.0, 0.5), (0.2, 0.45), (0.3, 0.45), (0.3, 0.5) })
    {
        foreach (var (w, m) in new[] { (0.45, 0.55), (0.5, 0.65), (0.55, 0.7), (0.6, 0.75), (1.01, 1.01) })
        {
            yield return (F($"agree >= {aw:F2}/{am:F2}, alone words >= {w:F2}, meaning >= {m:F2}"),
                union with { AgreementFloors = (aw, am), WordsFloor = w, MeaningFloor = m });
        }
    }
}

static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

// Per module, the earlier questions are indexed as answered; each later question's scores are read once.
static List<Asked> Scored(List<ModuleHistory> part, List<LaterQuestion> later, SentenceEmbedder? embedder)
{
    var day = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);
    var asked = new List<Asked>();
    foreach (var module in part)
    {
        var ids = module.History.ToDictionary(h => h.Id, _ => Guid.NewGuid());
        var index = SimilarQuestionIndex.Build(
            module.History.Select(h => new AnsweredQuestion(ids[h.Id], Guid.NewGuid(), h.Language, h.Text, null, h.Answer ?? "", "peer", day)),
            embedder: embedder);
        foreach (var question in later.Where(l => l.Module == module.Module))
        {
            asked.Add(new Asked(index, index.Score(question.Text, question.Language), question.DuplicateOf is { } dup ? ids[dup] : null));
        }
    }

    return asked;
}

static string Rate(int part, int whole) => whole == 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{100.0 * part / whole:F1} %");

static List<T> ReadLines<T>(string path) =>
    [.. File.ReadLines(path).Where(l => l.Trim().Length > 0).Select(l => JsonSerializer.Deserialize<T>(l, JsonSerializerOptions.Web)!)];

/// <summary>An earlier question; <see cref="Answer"/> is the answer's text when the set gives it.</summary>
internal sealed record HistoryQuestion(string Id, string Language, string Text, string? Answer);

internal sealed record ModuleHistory(string Module, string Title, List<HistoryQuestion> History);

internal sealed record Asked(SimilarQuestionIndex Index, SimilarScores Scores, Guid? DuplicateOf);

internal sealed record LaterQuestion(string Module, string Language, string Text, [property: JsonPropertyName("duplicate_of")] string? DuplicateOf);
