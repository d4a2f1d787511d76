using System.Text.Json;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// A knowledge base with labelled learner questions. The knowledge base is read leniently (a language may
/// have no question, as in an English-only public set; an entry's id may be called "slug" and a question's
/// fields "text" and "expected", as kb4's writer did); the strict reader is the product's, not the bench's.
/// </summary>
internal sealed record EvaluationSet(string Name, IReadOnlyList<KnowledgeEntry> Entries, IReadOnlyList<LabelledQuery> Queries)
{
    /// <summary>"name=kb.json,queries.jsonl"; null when a file is missing (a blind set not delivered yet).</summary>
    public static EvaluationSet? Parse(string spec)
    {
        var (name, files) = (spec[..spec.IndexOf('=', StringComparison.Ordinal)], spec[(spec.IndexOf('=', StringComparison.Ordinal) + 1)..].Split(','));
        if (!File.Exists(files[0]) || !File.Exists(files[1]))
        {
            return null;
        }

        return new EvaluationSet(name, ReadEntries(files[0]), ReadQueries(files[1]));
    }

    private static List<KnowledgeEntry> ReadEntries(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var entries = new List<KnowledgeEntry>();
        foreach (var e in document.RootElement.GetProperty("entries").EnumerateArray())
        {
            var questions = e.GetProperty("questions");
            var answer = e.GetProperty("answer");
            entries.Add(new KnowledgeEntry(
                (e.TryGetProperty("id", out var id) ? id : e.GetProperty("slug")).GetString()!,
                e.TryGetProperty("topic", out var topic) ? topic.GetString() ?? "" : "",
                new BilingualQuestions(Strings(questions, "fr"), Strings(questions, "en")),
                new BilingualAnswer(Text(answer, "fr"), Text(answer, "en"))));
        }

        return entries;
    }

    /// <summary>{"q", "id"} per line; kb4's writer named them {"text", "expected"}, read the same way.</summary>
    private static List<LabelledQuery> ReadQueries(string path) =>
        File.ReadLines(path).Where(line => !string.IsNullOrWhiteSpace(line)).Select(line =>
        {
            using var query = JsonDocument.Parse(line);
            var root = query.RootElement;
            var text = (root.TryGetProperty("q", out var q) ? q : root.GetProperty("text")).GetString()!;
            var expected = root.TryGetProperty("id", out var id) ? id : root.TryGetProperty("expected", out var e) ? e : default;
            return new LabelledQuery(text, expected.ValueKind == JsonValueKind.String ? expected.GetString() : null);
        }).ToList();

    private static List<string> Strings(JsonElement parent, string language) =>
        parent.TryGetProperty(language, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(s => s.GetString()!).Where(s => !string.IsNullOrWhiteSpace(s)).ToList()
            : [];

    private static string Text(JsonElement parent, string language) =>
        parent.TryGetProperty(language, out var text) && text.ValueKind == JsonValueKind.String ? text.GetString()! : "";
}

/// <summary>What one method decided for one question: the entry it answers with, and the did-you-mean buttons it offers.</summary>
internal readonly record struct Decision(string? Answer, IReadOnlyList<string> Buttons);

/// <summary>
/// The figures of one method on one set. Overall: right answers plus right abstentions, over all questions
/// (a did-you-mean counts as not answering). Wrong: confident answers naming the wrong entry, or answering an
/// out-of-scope question. One-click: answerable questions whose entry is the answer or one of the buttons.
/// </summary>
internal sealed record Scores(int Total, int Answerable, int Right, int OutOfScope, int Abstained, int Wrong, int OneClick)
{
    public static Scores Of(IReadOnlyList<LabelledQuery> queries, IReadOnlyList<Decision> decisions)
    {
        int answerable = 0, right = 0, outOfScope = 0, abstained = 0, wrong = 0, oneClick = 0;
        for (var i = 0; i < queries.Count; i++)
        {
            var (expected, decision) = (queries[i].Id, decisions[i]);
            if (expected is null)
            {
                outOfScope++;
                abstained += decision.Answer is null ? 1 : 0;
                wrong += decision.Answer is null ? 0 : 1;
                continue;
            }

            answerable++;
            right += decision.Answer == expected ? 1 : 0;
            wrong += decision.Answer is not null && decision.Answer != expected ? 1 : 0;
            oneClick += decision.Answer == expected || decision.Buttons.Contains(expected) ? 1 : 0;
        }

        return new Scores(queries.Count, answerable, right, outOfScope, abstained, wrong, oneClick);
    }

    public double Overall => Total == 0 ? 0 : (double)(Right + Abstained) / Total;

    public double RightShare => Answerable == 0 ? 0 : (double)Right / Answerable;

    public double AbstainedShare => OutOfScope == 0 ? 0 : (double)Abstained / OutOfScope;

    public double OneClickShare => Answerable == 0 ? 0 : (double)OneClick / Answerable;

    public double WrongPer150 => Total == 0 ? 0 : Wrong * 150.0 / Total;
}
