using System.Text.Json;
using SupportBot.Shared.Routing;
using SupportBot.Tests.Faq;
using Xunit.Abstractions;

namespace SupportBot.Tests.Routing;

/// <summary>
/// How well earlier answers are found for a new question (#14 item 5), with the FAQ matcher's text
/// analysis over a module's answered questions. Three sets: the demo activity (demo/activity.json,
/// written by the demo's author), whose questions are not duplicates of one another, so any offer
/// between them is wrong; 46 near-duplicate / near-miss pairs written for this (similar-questions.jsonl,
/// labelled before any score was seen, never tuned on); and the tuning pairs the floor was chosen on.
/// The rates are printed for the report; the floors assert what was measured when this was built.
/// </summary>
public sealed class SimilarQuestionsTests(ITestOutputHelper output)
{
    private static readonly string DemoFolder = Path.GetDirectoryName(DemoKnowledgeBase.FilePath)!;
    private static readonly DateTime Day = new(2026, 11, 13, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void The_issue_s_RECHERCHEV_question_gets_the_earlier_peer_answer_and_only_it()
    {
        var index = SimilarQuestionIndex.Build(DemoAnswered().Where(a => a.Module == "m2-data").Select(a => a.Question));

        var found = index.Find("Dans le module 2, ma formule RECHERCHEV renvoie #N/A sur la feuille Ventes, pourquoi ?");

        var best = Assert.Single(found);
        Assert.StartsWith("Vérifie que la colonne recherchée est la première de la plage", best.Earlier.AnswerText, StringComparison.Ordinal);
    }

    [Fact]
    public void Nothing_is_offered_for_a_question_of_another_subject()
    {
        var index = SimilarQuestionIndex.Build(DemoAnswered().Where(a => a.Module == "m2-data").Select(a => a.Question));

        Assert.Empty(index.Find("Est-ce que la calculatrice est autorisée à l'examen ?"));
        Assert.Empty(index.Find("La consigne numéro 4 de la séance d'hier n'est pas claire pour moi."));
    }

    [Fact]
    public void Demo_questions_are_not_offered_one_another()
    {
        var answered = DemoAnswered();
        var offers = 0;
        var queries = DemoQueries();
        foreach (var (module, text, key) in queries)
        {
            var index = SimilarQuestionIndex.Build(answered.Where(a => a.Module == module && a.Key != key).Select(a => a.Question));
            foreach (var offer in index.Find(text))
            {
                offers++;
                output.WriteLine($"false offer {offer.Score:F2}: {text} -> {offer.Earlier.Text}");
            }
        }

        output.WriteLine($"demo activity: {queries.Count} questions and miss-cluster queries, {offers} offers (all wrong by construction)");
        Assert.Equal(0, offers);
    }

    [Theory]
    // Measured at 0.5 when built: 19/26 offers right, 19/26 duplicates caught (two of the seven "wrong" offers are
    // in fact duplicates of another earlier question: the greyed Upload button of assignment 1, and demo q02);
    // tuning set 6/9 and 6/7.
    [InlineData("similar-questions.jsonl", 0.7, 0.7)]
    [InlineData("similar-questions-tuning.jsonl", 0.65, 0.8)]
    public void Near_duplicates_are_caught_and_offers_are_relevant(string file, double minPrecision, double minRecall)
    {
        var pairs = Pairs(file);
        foreach (var floor in new[] { 0.35, 0.4, 0.45, 0.5, 0.55, 0.6 })
        {
            var (offered, relevant, caught) = Evaluate(pairs, floor);
            output.WriteLine($"floor {floor:F2}: {offered} offers, {relevant} relevant, {caught}/{pairs.Count(p => p.Duplicate)} duplicates caught");
        }

        var (o, r, c) = Evaluate(pairs, SimilarQuestionIndex.DefaultMinScore, log: true);
        var duplicates = pairs.Count(p => p.Duplicate);
        var precision = o == 0 ? 1 : (double)r / o;
        var recall = (double)c / duplicates;
        output.WriteLine($"{file} at {SimilarQuestionIndex.DefaultMinScore}: {pairs.Count} pairs, precision {r}/{o} = {precision:P0}, duplicates caught {c}/{duplicates} = {recall:P0}");
        Assert.True(precision >= minPrecision, $"precision {precision:P0}");
        Assert.True(recall >= minRecall, $"recall {recall:P0}");
    }

    /// <summary>Per module, an index of every pair's earlier question and the demo's answered ones; each later question is asked of it.</summary>
    private (int Offered, int Relevant, int Caught) Evaluate(List<Pair> pairs, double floor, bool log = false)
    {
        var demo = DemoAnswered();
        var (offered, relevant, caught) = (0, 0, 0);
        foreach (var module in pairs.Select(p => p.Module).Distinct())
        {
            var earlier = pairs.Where(p => p.Module == module).Select(p => (Pair: p, Question: Answered(p.Earlier, p.Language))).ToList();
            var index = SimilarQuestionIndex.Build(
                earlier.Select(e => e.Question).Concat(demo.Where(d => d.Module == module).Select(d => d.Question)), floor);
            foreach (var (pair, question) in earlier)
            {
                var found = index.Find(pair.Later);
                var hit = pair.Duplicate && found.Any(f => f.Earlier.QuestionId == question.QuestionId);
                offered += found.Count;
                relevant += hit ? 1 : 0;
                caught += hit ? 1 : 0;
                if (log && (found.Count > (hit ? 1 : 0) || (pair.Duplicate && !hit)))
                {
                    var what = found.Count == 0 ? "nothing" : string.Join(" | ", found.Select(f => $"{f.Score:F2} {f.Earlier.Text}"));
                    output.WriteLine($"{(pair.Duplicate ? "dup" : "not")}: {pair.Later} -> {what}");
                }
            }
        }

        return (offered, relevant, caught);
    }

    private static AnsweredQuestion Answered(string text, string language, string? answer = null) =>
        new(Guid.NewGuid(), Guid.NewGuid(), language, text, null, answer ?? "(answer)", "peer", Day);

    private sealed record Pair(string Module, string Language, string Earlier, string Later, bool Duplicate);

    private static List<Pair> Pairs(string file) =>
        [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", file))
            .Where(l => l.Trim().Length > 0)
            .Select(l => JsonSerializer.Deserialize<Pair>(l, JsonSerializerOptions.Web)!)];

    private static List<(string Key, string Module, AnsweredQuestion Question)> DemoAnswered()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DemoFolder, "activity.json")));
        return [.. doc.RootElement.GetProperty("questions").EnumerateArray()
            .Where(q => q.GetProperty("answers").GetArrayLength() > 0)
            .Select(q => (
                q.GetProperty("key").GetString()!,
                q.GetProperty("module").GetString()!,
                Answered(q.GetProperty("text").GetString()!, q.GetProperty("language").GetString()!,
                    q.GetProperty("answers")[0].GetProperty("text").GetString())))];
    }

    /// <summary>Every demo question (answered or not) and the miss clusters' queries, none a duplicate of an answered one.</summary>
    private static List<(string Module, string Text, string? Key)> DemoQueries()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(DemoFolder, "activity.json")));
        var questions = doc.RootElement.GetProperty("questions").EnumerateArray()
            .Select(q => (q.GetProperty("module").GetString()!, q.GetProperty("text").GetString()!, (string?)q.GetProperty("key").GetString()));
        // The calculator and quiz-key clusters ask what q07 and q09 asked, which nobody answered.
        var misses = doc.RootElement.GetProperty("missClusters").EnumerateArray()
            .SelectMany(c => c.GetProperty("queries").EnumerateArray().Select(q => q.GetString()!))
            .SelectMany(q => new[] { ("m1-platform", q, (string?)null), ("m2-data", q, (string?)null) });
        return [.. questions.Concat(misses)];
    }
}
