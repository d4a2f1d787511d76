using System.Globalization;
using Dapper;
using Npgsql;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Routing;

/// <summary>
/// What tutors taught by correcting questions on their pages: the questions whose module, and those whose
/// topic, a tutor set, each as an index a new question worded like one of them is matched against
/// (<see cref="QuestionModules"/>, <see cref="QuestionTopics"/>). Read on every call, so a correction made on any
/// host counts at once; indexed again only when that set of corrections changed.
/// </summary>
public sealed class TutorCorrections(NpgsqlDataSource db)
{
    // References swapped whole, so concurrent turns never read a key with another key's index.
    private volatile Snapshot? modules;
    private volatile Snapshot? topics;

    /// <summary>The questions a tutor moved to another module; null when there are none.</summary>
    public async Task<CorrectedQuestionIndex?> ModulesAsync(CancellationToken ct)
    {
        var (index, snapshot) = await IndexAsync(
            $"module_source = '{ModuleSources.Tutor}' AND module_id IS NOT NULL", r => $"{r.Id:N}:{r.ModuleId}", modules, ct);
        modules = snapshot;
        return index;
    }

    /// <summary>The questions whose topic a tutor set; null when there are none.</summary>
    public async Task<CorrectedQuestionIndex?> TopicsAsync(CancellationToken ct)
    {
        var (index, snapshot) = await IndexAsync(
            "topic_source = 'tutor' AND topic IS NOT NULL", r => $"{r.Id:N}:{r.ModuleId}:{r.Topic}", topics, ct);
        topics = snapshot;
        return index;
    }

    private async Task<(CorrectedQuestionIndex? Index, Snapshot? Snapshot)> IndexAsync(
        string corrected, Func<CorrectedQuestion, FormattableString> keyOf, Snapshot? current, CancellationToken ct)
    {
        List<CorrectedQuestion> rows;
        await using (var c = await db.OpenConnectionAsync(ct))
        {
            rows = [.. await c.QueryAsync<CorrectedQuestion>(new CommandDefinition($"""
                SELECT id AS Id, module_id AS ModuleId, language AS Language, text AS Text, topic AS Topic
                FROM supportbot.questions
                WHERE {corrected} AND text <> '{LearnerPrivacy.ErasedText}'
                ORDER BY id
                """, cancellationToken: ct))];
        }

        if (rows.Count == 0)
        {
            return (null, current);
        }

        var key = string.Join(',', rows.Select(r => FormattableString.Invariant(keyOf(r))));
        if (current is null || current.Key != key)
        {
            current = new Snapshot(key, CorrectedQuestionIndex.Build(rows));
        }

        return (current.Index, current);
    }

    private sealed record Snapshot(string Key, CorrectedQuestionIndex Index);
}

/// <summary>A question whose topic or module a tutor set on its page.</summary>
public sealed record CorrectedQuestion(Guid Id, string? ModuleId, string Language, string Text, string? Topic);

/// <summary>
/// The questions tutors corrected, matched with the FAQ matcher's text analysis, each question its own entry:
/// a new question worded like one of them takes its corrected topic (<see cref="QuestionTopics"/>) or module
/// (<see cref="QuestionModules"/>).
/// </summary>
public sealed class CorrectedQuestionIndex
{
    /// <summary>
    /// The floor that words-only similar-question offers had when calibrated for precision on
    /// similar-questions-tuning.jsonl: a wrong topic or module sends the question to the wrong volunteers,
    /// so this errs on the side of the other guesses (the knowledge base's topic, the module buttons).
    /// </summary>
    public const double MinScore = 0.5;

    private readonly FaqMatcher matcher;
    private readonly CorrectedQuestion[] questions;

    private CorrectedQuestionIndex(FaqMatcher matcher, CorrectedQuestion[] questions)
    {
        this.matcher = matcher;
        this.questions = questions;
    }

    public static CorrectedQuestionIndex Build(IEnumerable<CorrectedQuestion> corrected)
    {
        var questions = corrected.ToArray();
        return new(FaqMatcher.Build(questions.Select((q, i) => new KnowledgeEntry(
            i.ToString(CultureInfo.InvariantCulture),
            q.Topic ?? "",
            q.Language == FaqLanguages.English ? new BilingualQuestions([], [q.Text]) : new BilingualQuestions([q.Text], []),
            new BilingualAnswer("", ""))), new FaqMatchThresholds(MinScore, 0)), questions);
    }

    /// <summary>The closest of the corrected questions that may teach here, when close enough.</summary>
    public CorrectedQuestion? Closest(string text, Func<CorrectedQuestion, bool> eligible)
    {
        ArgumentNullException.ThrowIfNull(eligible);
        if (string.IsNullOrWhiteSpace(text) || questions.Length == 0)
        {
            return null;
        }

        var scores = matcher.EntryScores(text);
        var best = -1;
        for (var i = 0; i < scores.Length; i++)
        {
            if (scores[i] >= MinScore && eligible(questions[i]) && (best < 0 || scores[i] > scores[best]))
            {
                best = i;
            }
        }

        return best < 0 ? null : questions[best];
    }
}
