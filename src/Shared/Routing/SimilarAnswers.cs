using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
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

/// <summary>Each earlier question's score for a new question (in the index's order): by words, and by meaning with embeddings.</summary>
public sealed record SimilarScores(string Text, string? Language, double[] Words, double[]? Meaning);

/// <summary>
/// The answered questions of one module, matched two ways. By words, with the FAQ matcher's own text
/// analysis (stems in both languages, learner synonyms, typos, thesaurus), against the question as its
/// learner wrote it and against the answer given (answerers restate the problem in the asker's words, or
/// name the fix the next learner asks about), the answer at a discount. By meaning, when a <see cref="SentenceEmbedder"/> is given: the new question's
/// closeness to the earlier question or to its answer (when one was written), whichever is higher. Duplicates
/// written by other learners share few words (about one in ten on the blind bench) and the two ways catch
/// different ones; which earlier questions are offered is the <see cref="SimilarOfferRule"/>'s decision.
/// Pure and immutable once built, like the matcher.
/// </summary>
public sealed class SimilarQuestionIndex
{
    // As the FAQ matcher weighs a word found only in an entry's answer (FaqIndexBuilder); not tuned here.
    private const double AnswerWeight = 0.8;

    private readonly (FaqMatcher Questions, FaqMatcher Answers)? matchers;
    private readonly AnsweredQuestion[] earlier;
    private readonly IReadOnlySet<(KeyTermKinds Kind, string Term)>[] keyTerms;
    private readonly SentenceEmbedder? embedder;
    private readonly float[][] questionVectors;
    private readonly float[]?[] answerVectors;

    private SimilarQuestionIndex((FaqMatcher Questions, FaqMatcher Answers)? matchers, AnsweredQuestion[] earlier, SimilarOfferRule rule,
        SentenceEmbedder? embedder, float[][] questionVectors, float[]?[] answerVectors)
    {
        this.matchers = matchers;
        this.earlier = earlier;
        Rule = rule;
        keyTerms = [.. earlier.Select(a => KeyTerms.Of(a.Text))];
        this.embedder = embedder;
        this.questionVectors = questionVectors;
        this.answerVectors = answerVectors;
    }

    public int Count => earlier.Length;

    /// <summary>How <see cref="Find(string)"/> chooses what to offer.</summary>
    public SimilarOfferRule Rule { get; }

    public bool UsesEmbeddings => embedder is not null;

    /// <param name="rule">Null: <see cref="SimilarOfferRule.Shipped"/>.</param>
    /// <param name="embedder">When given, the earlier texts are encoded here and meaning is read too.</param>
    public static SimilarQuestionIndex Build(IEnumerable<AnsweredQuestion> answered, SimilarOfferRule? rule = null, SentenceEmbedder? embedder = null)
    {
        var earlier = answered.GroupBy(a => a.QuestionId).Select(g => g.First()).ToArray();
        rule ??= SimilarOfferRule.Shipped;
        if (earlier.Length == 0)
        {
            return new SimilarQuestionIndex(null, earlier, rule, null, [], []);
        }

        // Two matchers over the same questions: one reads each question as its learner wrote it, the other its answer.
        var thresholds = new FaqMatchThresholds(rule.WordsAloneFloor, 0);
        var questions = FaqMatcher.Build(earlier.Select((a, i) => Entry(i, a, a.Text)), thresholds);
        var answers = FaqMatcher.Build(earlier.Select((a, i) => Entry(i, a, a.AnswerText)), thresholds);
        if (embedder is null)
        {
            return new SimilarQuestionIndex((questions, answers), earlier, rule, null, [], []);
        }

        // Read as the new question will be (EmbedMessage): a French text through its English gloss when the
        // embedder reads French, so both sides of a cosine are in the same words.
        var answerVectors = embedder.EmbedAll([.. earlier.Select(a => embedder.ReadAs(a.AnswerText, null))]);
        return new SimilarQuestionIndex(
            (questions, answers), earlier, rule, embedder,
            embedder.EmbedAll([.. earlier.Select(a => embedder.ReadAs(a.Text, a.Language))]),
            [.. answerVectors.Select((v, i) => string.IsNullOrWhiteSpace(earlier[i].AnswerText) ? null : v)]);
    }

    /// <summary>One text of an answered question as a matcher entry (its only variant), in the question's language.</summary>
    private static KnowledgeEntry Entry(int i, AnsweredQuestion a, string text) => new(
        i.ToString(CultureInfo.InvariantCulture),
        a.Topic ?? "",
        a.Language == FaqLanguages.English ? new BilingualQuestions([], [text]) : new BilingualQuestions([text], []),
        new BilingualAnswer("", ""));

    /// <summary>
    /// Each earlier question's score by words: its question's, or its answer's at the FAQ matcher's own discount
    /// for words found in an answer only (a long answer covers many words without being about them).
    /// </summary>
    private double[] Words(string text)
    {
        var byQuestion = matchers!.Value.Questions.EntryScores(text);
        var byAnswer = matchers.Value.Answers.EntryScores(text);
        for (var i = 0; i < byQuestion.Length; i++)
        {
            byQuestion[i] = Math.Max(byQuestion[i], AnswerWeight * byAnswer[i]);
        }

        return byQuestion;
    }

    /// <summary>The best one or two earlier questions for a new one, best first, as the index's <see cref="Rule"/> chooses.</summary>
    /// <param name="language">The new question's language when known: tool names are compared within one language only.</param>
    public IReadOnlyList<SimilarAnswer> Find(string text, string? language = null) =>
        matchers is null || string.IsNullOrWhiteSpace(text) ? [] : Find(Score(text, language), Rule);

    /// <summary>Each earlier question's scores for a new question, by words and (with embeddings) by meaning.</summary>
    public SimilarScores Score(string text, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return matchers is null
            ? new SimilarScores(text, language, [], null)
            : new SimilarScores(text, language, Words(text), embedder is null ? null : Closeness(text));
    }

    /// <summary>What a rule offers for these scores (the bench sets rules side by side on one set of scores).</summary>
    public IReadOnlyList<SimilarAnswer> Find(SimilarScores scores, SimilarOfferRule rule)
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(rule);
        if (scores.Words.Length != earlier.Length)
        {
            return [];
        }

        var words = (double[])scores.Words.Clone();
        var meaning = (double[]?)scores.Meaning?.Clone();
        if (rule.Contradictions != KeyTermKinds.None)
        {
            var terms = KeyTerms.Of(scores.Text);
            for (var i = 0; i < earlier.Length; i++)
            {
                if (KeyTerms.Contradict(terms, scores.Language, keyTerms[i], earlier[i].Language, rule.Contradictions))
                {
                    words[i] *= rule.ContradictionFactor;
                    meaning?[i] *= rule.ContradictionFactor;
                }
            }
        }

        return [.. rule.Pick(words, meaning).Select(p => new SimilarAnswer(earlier[p.Index], p.Score))];
    }

    /// <summary>Each earlier question's closeness in meaning: to the question or to its answer, whichever is higher.</summary>
    private double[] Closeness(string text)
    {
        var query = embedder!.EmbedMessage(text);
        var closeness = new double[earlier.Length];
        for (var i = 0; i < earlier.Length; i++)
        {
            closeness[i] = answerVectors[i] is { } answer
                ? Math.Max(Dot(query, questionVectors[i]), Dot(query, answer))
                : Dot(query, questionVectors[i]);
        }

        return closeness;
    }

    // The vectors are unit length, so their dot product is their cosine.
    private static double Dot(float[] a, float[] b)
    {
        var sum = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }
}

/// <summary>
/// Finds earlier answers for a new question of a module: the module's questions answered by a peer
/// or tutor (the learner did not say "still stuck" after it, or a tutor promoted it into the knowledge
/// base). Each host keeps one index per module in memory and rebuilds it whenever the module's set of
/// answered questions changed (an answer arrived, a tutor moved a question, a learner was erased):
/// the set is read on every call, so no host ever offers what another host knows is gone. With
/// <c>Faq:Embeddings:Enabled</c>, the process's one <see cref="SentenceEmbedder"/> blends meaning in.
/// </summary>
public sealed class SimilarAnswerFinder(NpgsqlDataSource db, IOptions<FaqEmbeddingOptions> embeddings, SentenceEmbedder embedder)
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
                cached = (key, SimilarQuestionIndex.Build(answered, embedder: embeddings.Value.Enabled ? embedder : null));
                indexes[moduleId] = cached;
            }

            index = cached.Index;
        }

        var found = index.Find(text);
        if (found.Count == 0)
        {
            return found;
        }

        // Matched on the texts as written; shown without anyone's name or contact details.
        var names = await RosterNamesAsync(moduleId, found.Select(f => f.Earlier.QuestionId).ToArray(), ct);
        return [.. found.Select(f => f with
        {
            Earlier = f.Earlier with
            {
                Text = QuotedTextRedactor.Redact(f.Earlier.Text, names),
                AnswerText = QuotedTextRedactor.Redact(f.Earlier.AnswerText, names),
            },
        })];
    }

    /// <summary>The names of the module's learners and tutors, and of the askers and answerers of these questions.</summary>
    private async Task<List<string>> RosterNamesAsync(string moduleId, Guid[] questionIds, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<string>(new CommandDefinition("""
            SELECT p.display_name FROM supportbot.people p
            WHERE p.id IN (SELECT person_id FROM supportbot.enrolments WHERE module_id = @moduleId)
               OR p.id IN (SELECT person_id FROM supportbot.module_tutors WHERE module_id = @moduleId)
               OR p.id IN (SELECT asker_id FROM supportbot.questions WHERE id = ANY(@questionIds))
               OR p.id IN (SELECT author_id FROM supportbot.answers WHERE question_id = ANY(@questionIds))
            """, new { moduleId, questionIds }, cancellationToken: ct))];
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
