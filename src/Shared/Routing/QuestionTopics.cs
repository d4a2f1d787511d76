using System.Globalization;
using Dapper;
using Npgsql;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Routing;

/// <summary>A question's guessed topic and how it was found: <see cref="QuestionTopics.FromKnowledge"/> or <see cref="QuestionTopics.FromCorrection"/>.</summary>
public sealed record TopicGuess(string Topic, string Source);

/// <summary>
/// The topic of a question the knowledge base could not answer. First what tutors taught: a question of
/// the same module whose topic a tutor corrected on its page, worded like this one (<see cref="CorrectedQuestionIndex"/>),
/// gives its corrected topic. Else the topic of the knowledge base's closest entry, when that entry is close
/// enough (<see cref="MinScore"/>), though below the answer threshold. The seam to the FAQ matcher is its
/// public result only: a second matcher over the same entries whose thresholds are this floor and no
/// margin, so its "answer" is the closest entry.
/// </summary>
public sealed class QuestionTopics(FaqCatalog catalog, FaqStore store, NpgsqlDataSource db)
{
    public const string FromKnowledge = "knowledge";
    public const string FromCorrection = "correction";

    /// <summary>Below this the closest entry shares a word or two with the question and says nothing of its topic.</summary>
    public const double MinScore = 0.3;

    private (FaqKnowledge Knowledge, TopicIndex Index)? cached;
    // A reference swapped whole, so concurrent turns never read a key with another key's index.
    private volatile CorrectionsSnapshot? corrections;

    /// <param name="moduleId">The question's module when known: only its corrected questions teach (null: every module's).</param>
    public async Task<TopicGuess?> GuessAsync(string text, string? locale, string? moduleId, CancellationToken ct)
    {
        if (await CorrectionsAsync(ct) is { } learned
            && learned.Closest(text, q => moduleId is null || q.ModuleId == moduleId) is { Topic: { } corrected })
        {
            return new TopicGuess(corrected, FromCorrection);
        }

        var knowledge = await catalog.GetAsync(ct);
        var current = cached;
        if (current is not { } c || !ReferenceEquals(c.Knowledge, knowledge))
        {
            current = (knowledge, TopicIndex.Build(await store.LoadAllAsync(ct)));
            cached = current;
        }

        return current.Value.Index.Guess(text, locale) is { } topic ? new TopicGuess(topic, FromKnowledge) : null;
    }

    /// <summary>
    /// The questions whose topic a tutor set, read on every call (a correction on any host counts at once) and
    /// indexed again only when that set changed.
    /// </summary>
    private async Task<CorrectedQuestionIndex?> CorrectionsAsync(CancellationToken ct)
    {
        List<CorrectedQuestion> rows;
        await using (var c = await db.OpenConnectionAsync(ct))
        {
            rows = [.. await c.QueryAsync<CorrectedQuestion>(new CommandDefinition($"""
                SELECT id AS Id, module_id AS ModuleId, language AS Language, text AS Text, topic AS Topic
                FROM supportbot.questions
                WHERE topic_source = 'tutor' AND topic IS NOT NULL AND text <> '{LearnerPrivacy.ErasedText}'
                ORDER BY id
                """, cancellationToken: ct))];
        }

        if (rows.Count == 0)
        {
            return null;
        }

        var key = string.Join(',', rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Id:N}:{r.ModuleId}:{r.Topic}")));
        var current = corrections;
        if (current is null || current.Key != key)
        {
            current = new CorrectionsSnapshot(key, CorrectedQuestionIndex.Build(rows));
            corrections = current;
        }

        return current.Index;
    }

    private sealed record CorrectionsSnapshot(string Key, CorrectedQuestionIndex Index);
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

/// <summary>The closest-entry matcher and each entry's topic.</summary>
public sealed class TopicIndex
{
    private readonly FaqMatcher matcher;
    private readonly Dictionary<string, string> topics;

    private TopicIndex(FaqMatcher matcher, Dictionary<string, string> topics)
    {
        this.matcher = matcher;
        this.topics = topics;
    }

    public static TopicIndex Build(IReadOnlyList<KnowledgeEntry> entries, double minScore = QuestionTopics.MinScore) =>
        new(FaqMatcher.Build(entries, new FaqMatchThresholds(minScore, 0)),
            entries.Where(e => !string.IsNullOrWhiteSpace(e.Topic)).ToDictionary(e => e.Id, e => e.Topic, StringComparer.Ordinal));

    public string? Guess(string text, string? locale = null) =>
        matcher.Match(text, locale) is { Outcome: MatchOutcome.Answered, EntryId: { } id } && topics.TryGetValue(id, out var topic) ? topic : null;
}
