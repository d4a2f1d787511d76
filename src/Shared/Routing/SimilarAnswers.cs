using Dapper;
using Npgsql;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Routing;

/// <summary>An earlier question of a module with the answer a peer or tutor gave it.</summary>
/// <param name="AuthorRole">"peer" or "tutor" (a tutor of the module, or a course admin).</param>
/// <param name="AnsweredAt">UTC.</param>
public sealed record AnsweredQuestion(
    Guid QuestionId, Guid AnswerId, string Language, string Text, string? Topic, string AnswerText, string AuthorRole, DateTime AnsweredAt);

/// <summary>An earlier answered question close to a new one, and how close (the FAQ matcher's score, 0 to 1).</summary>
public sealed record SimilarAnswer(AnsweredQuestion Earlier, double Score);

/// <summary>
/// The answered questions of one module, matched with the FAQ matcher's own text analysis (stems
/// in both languages, learner synonyms, typos, thesaurus): each answered question is one entry whose
/// only variant is the question as its learner wrote it. Pure and immutable, like the matcher.
/// </summary>
public sealed class SimilarQuestionIndex
{
    /// <summary>
    /// Calibrated on tests/SupportBot.Tests/TestData/similar-questions-tuning.jsonl (near-duplicates and
    /// near-misses written for #14): a wrong offer costs the learner a read and a click, a missed one a
    /// day of waiting, so the floor favours precision; see SimilarQuestionsTests for the measured rates.
    /// </summary>
    public const double DefaultMinScore = 0.5;

    private readonly FaqMatcher? matcher;
    private readonly Dictionary<string, AnsweredQuestion> byId;
    private readonly double minScore;

    private SimilarQuestionIndex(FaqMatcher? matcher, Dictionary<string, AnsweredQuestion> byId, double minScore)
    {
        this.matcher = matcher;
        this.byId = byId;
        this.minScore = minScore;
    }

    public int Count => byId.Count;

    public static SimilarQuestionIndex Build(IEnumerable<AnsweredQuestion> answered, double minScore = DefaultMinScore)
    {
        var byId = answered.GroupBy(a => a.QuestionId).Select(g => g.First())
            .ToDictionary(a => a.QuestionId.ToString("N"), StringComparer.Ordinal);
        var entries = byId.Values.Select(a => new KnowledgeEntry(
            a.QuestionId.ToString("N"),
            a.Topic ?? "",
            a.Language == FaqLanguages.English ? new BilingualQuestions([], [a.Text]) : new BilingualQuestions([a.Text], []),
            // The answer's words are not indexed: a long answer would make every question "close" to it.
            new BilingualAnswer("", ""))).ToList();
        return new SimilarQuestionIndex(entries.Count == 0 ? null : FaqMatcher.Build(entries, new FaqMatchThresholds(minScore, 0)), byId, minScore);
    }

    /// <summary>The best one or two earlier questions scoring at least the floor, best first.</summary>
    public IReadOnlyList<SimilarAnswer> Find(string text, int max = 2)
    {
        if (matcher is null || string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        return [.. matcher.Explain(text)
            .Where(c => c.Score >= minScore)
            .Take(max)
            .Select(c => new SimilarAnswer(byId[c.Id], c.Score))];
    }
}

/// <summary>
/// Finds earlier answers for a new question of a module: the module's questions answered by a peer
/// or tutor (the learner did not say "still stuck" after it, or a tutor promoted it into the knowledge
/// base). Each host keeps one index per module in memory and rebuilds it whenever the module's set of
/// answered questions changed (an answer arrived, a tutor moved a question, a learner was erased):
/// the set is read on every call, so no host ever offers what another host knows is gone.
/// </summary>
public sealed class SimilarAnswerFinder(NpgsqlDataSource db)
{
    private readonly Dictionary<string, (string Key, SimilarQuestionIndex Index)> indexes = new(StringComparer.Ordinal);
    private readonly Lock gate = new();

    public async Task<IReadOnlyList<SimilarAnswer>> FindAsync(string moduleId, string text, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleId);
        var answered = await LoadAsync(moduleId, ct);
        var key = string.Join(',', answered.Select(a => a.AnswerId.ToString("N")));
        SimilarQuestionIndex index;
        lock (gate)
        {
            if (!indexes.TryGetValue(moduleId, out var cached) || cached.Key != key)
            {
                cached = (key, SimilarQuestionIndex.Build(answered));
                indexes[moduleId] = cached;
            }

            index = cached.Index;
        }

        return index.Find(text);
    }

    /// <summary>One answer per question: a promoted one first, then one the learner found helpful, then the first.</summary>
    private async Task<List<AnsweredQuestion>> LoadAsync(string moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<AnsweredQuestion>(new CommandDefinition($"""
            SELECT DISTINCT ON (q.id)
                   q.id AS QuestionId, a.id AS AnswerId, q.language AS Language, q.text AS Text, q.topic AS Topic,
                   a.text AS AnswerText,
                   CASE WHEN p.is_admin OR EXISTS (SELECT 1 FROM supportbot.module_tutors t
                                                   WHERE t.person_id = a.author_id AND t.module_id = q.module_id)
                        THEN 'tutor' ELSE 'peer' END AS AuthorRole,
                   a.created_at AS AnsweredAt
            FROM supportbot.questions q
            JOIN supportbot.answers a ON a.question_id = q.id
            JOIN supportbot.people p ON p.id = a.author_id AND p.id IS DISTINCT FROM q.asker_id
            LEFT JOIN supportbot.faq_promotions f ON f.answer_id = a.id
            WHERE q.module_id = @moduleId
              AND q.text <> '{LearnerPrivacy.ErasedText}'
              AND q.status IN ('answered', 'resolved', 'escalated', 'expired', 'routed')
              AND (a.helpful IS DISTINCT FROM false OR f.answer_id IS NOT NULL)
            ORDER BY q.id, (f.answer_id IS NOT NULL) DESC, (a.helpful IS TRUE) DESC, a.created_at
            """, new { moduleId }, cancellationToken: ct))];
    }
}

/// <summary>One earlier answer offered for a question, by rank (1 = best).</summary>
public sealed record OfferedAnswer(Guid AnswerId, int Rank, double Score, string? Outcome);

/// <summary>
/// Owns supportbot.similar_answer_offers: the earlier answers a learner was offered before asking
/// peers, and whether one solved it (the question is then resolved by it) or they asked peers anyway.
/// </summary>
public sealed class SimilarAnswerOffers(NpgsqlDataSource db)
{
    public async Task RecordAsync(Guid questionId, IReadOnlyList<SimilarAnswer> offered, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        for (var i = 0; i < offered.Count; i++)
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO supportbot.similar_answer_offers (question_id, answer_id, rank, score) VALUES (@questionId, @answerId, @rank, @score)
                ON CONFLICT DO NOTHING
                """, new { questionId, answerId = offered[i].Earlier.AnswerId, rank = i + 1, score = offered[i].Score }, cancellationToken: ct));
        }
    }

    public async Task<IReadOnlyList<OfferedAnswer>> ListAsync(Guid questionId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<OfferedAnswer>(new CommandDefinition("""
            SELECT answer_id AS AnswerId, rank AS Rank, score AS Score, outcome AS Outcome
            FROM supportbot.similar_answer_offers WHERE question_id = @questionId ORDER BY rank
            """, new { questionId }, cancellationToken: ct))];
    }

    /// <summary>"Ask peers anyway": none of the offers solved it.</summary>
    public async Task DeclineAsync(Guid questionId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.similar_answer_offers SET outcome = 'asked_peers' WHERE question_id = @questionId AND outcome IS NULL
            """, new { questionId }, cancellationToken: ct));
    }

    /// <summary>"This solves it": the offer is marked, then the question resolved by that answer.</summary>
    public async Task AcceptAsync(Guid questionId, Guid answerId, QuestionStore questions, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(questions);
        await using (var c = await db.OpenConnectionAsync(ct))
        {
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE supportbot.similar_answer_offers SET outcome = 'solved' WHERE question_id = @questionId AND answer_id = @answerId
                """, new { questionId, answerId }, cancellationToken: ct));
        }

        await questions.ResolveWithEarlierAnswerAsync(questionId, answerId, ct);
    }
}
