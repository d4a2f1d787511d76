using Dapper;
using Npgsql;

namespace SupportBot.Shared.Faq;

/// <summary>
/// Owns faq_queries and faq_variant_suggestions: every query with its outcome, and the learner's
/// feedback. A phrasing picked among the "did you mean" buttons, or that "helped", joins its entry at once
/// as a learned variant, and "not quite" on its answer takes it back; the tutor sees it on the knowledge base page
/// and keeps or removes it (#16).
/// </summary>
public sealed class FaqQueryLog(NpgsqlDataSource db, FaqCatalog catalog)
{
    /// <summary>
    /// Logs a query on the learner's turn, without making the turn wait for the WAL flush: the row is
    /// analytics, so its commit is asynchronous (<c>synchronous_commit = off</c> for this transaction
    /// only). It is visible to the next turn as soon as the commit returns (what "this helped" and
    /// "none of these" read); only a database crash within a fraction of a second (3 x
    /// wal_writer_delay at most) could lose it, never corrupt anything. The reply that follows
    /// commits synchronously, and flushing its WAL flushes this row's too, so an acknowledged reply
    /// never outlives the query it answered. On fsync'd disks this saves one flush of the three a
    /// Direct Line turn waited for (bench/README.md, Channels).
    /// </summary>
    public async Task<long> RecordAsync(FaqQueryRecord query, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct); // Npgsql sends BEGIN with the statement: no extra round trip
        var id = await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            SET LOCAL synchronous_commit = off;
            INSERT INTO supportbot.faq_queries (person_id, conversation_reference_id, language, query, outcome, entry_id, score, alternatives)
            VALUES (@PersonId, @ConversationReferenceId, @Language, @Query, @Outcome, @EntryId, @Score, @Alternatives)
            RETURNING id
            """, new
        {
            query.PersonId, query.ConversationReferenceId, query.Language, query.Query, Outcome = OutcomeName(query.Outcome),
            query.EntryId, query.Score, Alternatives = query.Alternatives.ToArray(),
        }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return id;
    }

    /// <summary>The latest answered query of this conversation, which a "this helped / not quite" click refers to.</summary>
    public async Task<FaqAnsweredQuery?> FindLatestAnsweredAsync(long conversationReferenceId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<FaqAnsweredQuery>(new CommandDefinition("""
            SELECT id AS Id, query AS Query, language AS Language, entry_id AS EntryId, feedback AS Feedback,
                   cardinality(alternatives) > 0 AS OthersOffered
            FROM supportbot.faq_queries
            WHERE conversation_reference_id = @conversationReferenceId AND outcome = 'answered'
            ORDER BY created_at DESC, id DESC LIMIT 1
            """, new { conversationReferenceId }, cancellationToken: ct));
    }

    /// <summary>
    /// The latest query of this conversation, whatever its outcome: what "none of these" or "not quite" refers to, and
    /// what a typed thank-you thanks for when it came after the last peer answer.
    /// </summary>
    public async Task<FaqLatestQuery?> FindLatestAsync(long conversationReferenceId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<FaqLatestQuery>(new CommandDefinition("""
            SELECT id AS Id, query AS Query, outcome AS Outcome, feedback AS Feedback, created_at AS CreatedAt
            FROM supportbot.faq_queries WHERE conversation_reference_id = @conversationReferenceId
            ORDER BY created_at DESC, id DESC LIMIT 1
            """, new { conversationReferenceId }, cancellationToken: ct));
    }

    /// <summary>
    /// The latest query of this conversation if it asked "did you mean", or if its answer got "not quite" and other entries
    /// were offered with the peers (<see cref="OfferOthersAsync"/>): what a click on one of its buttons answers.
    /// </summary>
    public async Task<FaqOfferedChoice?> FindLatestChoiceAsync(long conversationReferenceId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var latest = await c.QuerySingleOrDefaultAsync<LatestQuery>(new CommandDefinition("""
            SELECT id AS Id, query AS Query, language AS Language, outcome AS Outcome, feedback AS Feedback, alternatives AS Alternatives
            FROM supportbot.faq_queries
            WHERE conversation_reference_id = @conversationReferenceId
            ORDER BY created_at DESC, id DESC LIMIT 1
            """, new { conversationReferenceId }, cancellationToken: ct));
        return latest switch
        {
            { Outcome: "ambiguous" } => new FaqOfferedChoice(latest.Id, latest.Query, latest.Language, latest.Alternatives),
            { Outcome: "answered", Feedback: "not_quite", Alternatives.Length: > 0 } =>
                new FaqOfferedChoice(latest.Id, latest.Query, latest.Language, latest.Alternatives, AfterNotQuite: true),
            _ => null,
        };
    }

    /// <summary>
    /// After "not quite", the other entries offered for the same question, kept on its row: a click on one answers it, and
    /// they are offered once (a "not quite" on the entry picked among them goes to the peers alone).
    /// </summary>
    public async Task OfferOthersAsync(long queryId, IReadOnlyList<string> entryIds, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.faq_queries SET alternatives = @entryIds WHERE id = @queryId",
            new { queryId, entryIds = entryIds.ToArray() }, cancellationToken: ct));
    }

    /// <summary>
    /// The learner picked <paramref name="entryId"/> among the "did you mean" buttons of <paramref name="choice"/>:
    /// their own phrasing joins that entry at once (counted again when other learners pick it too), and waits on the
    /// knowledge base page for a tutor to keep or remove it, as "this helped" does.
    /// </summary>
    public async Task RecordPickAsync(FaqOfferedChoice choice, string entryId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var learned = await LearnVariantAsync(c, tx, new FaqAnsweredQuery(choice.QueryId, choice.Query, choice.Language, entryId, null, false), ct);
        await tx.CommitAsync(ct);
        if (learned)
        {
            catalog.Invalidate();
        }
    }

    /// <summary>
    /// Stores the feedback; "helped" on a phrasing the knowledge base does not hold yet adds it to the entry
    /// (counted again when other learners find it helpful too); "not quite" on a phrasing learned from use takes one
    /// learner's vote back (<see cref="DoubtVariantAsync"/>).
    /// </summary>
    public async Task RecordFeedbackAsync(long queryId, bool helped, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var query = await c.QuerySingleAsync<FaqAnsweredQuery>(new CommandDefinition("""
            UPDATE supportbot.faq_queries SET feedback = @feedback WHERE id = @queryId
            RETURNING id AS Id, query AS Query, language AS Language, entry_id AS EntryId, feedback AS Feedback,
                      cardinality(alternatives) > 0 AS OthersOffered
            """, new { queryId, feedback = helped ? "helped" : "not_quite" }, tx, cancellationToken: ct));
        var changed = query.EntryId is not null && (helped ? await LearnVariantAsync(c, tx, query, ct) : await DoubtVariantAsync(c, tx, query, ct));
        await tx.CommitAsync(ct);
        if (changed)
        {
            catalog.Invalidate();
        }
    }

    /// <summary>
    /// Adds the query's text to its entry as a learned variant, unless the entry already has it; a phrasing met again
    /// is counted once more, a learned one too ("this helped" after the pick that taught it is one more vote, which a
    /// later "not quite" does not undo alone). A phrasing a tutor removed is not learned again. An entry with no question in the
    /// phrasing's language only gets it suggested, for a tutor to approve: the learner's words would otherwise become
    /// the entry's first question in that language, the title of its button for everyone. True when the entry changed.
    /// </summary>
    private static async Task<bool> LearnVariantAsync(NpgsqlConnection c, NpgsqlTransaction tx, FaqAnsweredQuery query, CancellationToken ct)
    {
        var learned = await c.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition("""
            INSERT INTO supportbot.faq_variant_suggestions (entry_id, language, text, source_query_id, status)
            SELECT @EntryId, @Language, @Query, @Id,
                   CASE WHEN jsonb_array_length(coalesce(k.questions -> @Language, '[]'::jsonb)) > 0 THEN 'learned' ELSE 'pending' END
            FROM supportbot.knowledge_entries k
            WHERE k.id = @EntryId AND (NOT EXISTS (
                    SELECT 1 FROM jsonb_array_elements_text(k.questions -> @Language) v WHERE lower(v) = lower(@Query))
                OR EXISTS (
                    SELECT 1 FROM supportbot.faq_variant_suggestions s
                    WHERE s.entry_id = @EntryId AND s.language = @Language AND lower(s.text) = lower(@Query) AND s.status = 'learned'))
            ON CONFLICT (entry_id, language, lower(text)) DO UPDATE SET times_helped = faq_variant_suggestions.times_helped + 1
            RETURNING xmax = 0 AND status = 'learned'
            """, query, tx, cancellationToken: ct));
        return learned == true && await FaqStore.AddVariantAsync(c, tx, query.EntryId!, query.Language, query.Query, ct);
    }

    /// <summary>
    /// "Not quite" on the answer a learned phrasing gave: the phrasing loses one of the votes that taught it; its last
    /// vote lost, it leaves the entry and waits for a tutor as a suggestion. A learner who picked a wrong button, and says
    /// so, does not leave their phrasing answering the next learners wrongly. Phrasings a tutor wrote or kept are not
    /// touched. True when the entry changed.
    /// </summary>
    private static async Task<bool> DoubtVariantAsync(NpgsqlConnection c, NpgsqlTransaction tx, FaqAnsweredQuery query, CancellationToken ct)
    {
        var unlearned = await c.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition("""
            UPDATE supportbot.faq_variant_suggestions
            SET times_helped = greatest(times_helped - 1, 1),
                status = CASE WHEN times_helped > 1 THEN status ELSE 'pending' END
            WHERE entry_id = @EntryId AND language = @Language AND lower(text) = lower(@Query) AND status = 'learned'
            RETURNING status = 'pending'
            """, query, tx, cancellationToken: ct));
        return unlearned == true && await FaqStore.RemoveVariantAsync(c, tx, query.EntryId!, query.Language, query.Query, ct);
    }

    // Properties, not a positional record: Dapper hands a text[] column to a constructor as System.Array.
    private sealed class LatestQuery
    {
        public long Id { get; init; }

        public string Query { get; init; } = "";

        public string Language { get; init; } = "";

        public string Outcome { get; init; } = "";

        public string? Feedback { get; init; }

        public string[] Alternatives { get; init; } = [];
    }

    private static string OutcomeName(MatchOutcome outcome) => outcome switch
    {
        MatchOutcome.Answered => "answered",
        MatchOutcome.Ambiguous => "ambiguous",
        _ => "no_match",
    };
}

public sealed record FaqQueryRecord(
    Guid? PersonId, long? ConversationReferenceId, string Language, string Query, MatchOutcome Outcome, string? EntryId, double Score,
    IReadOnlyList<string> Alternatives);

/// <summary>
/// A "did you mean" question asked to the learner: their query and the entries offered as buttons; <paramref name="AfterNotQuite"/>
/// when they were offered beside the peers after "not quite" on an answer.
/// </summary>
public sealed record FaqOfferedChoice(long QueryId, string Query, string Language, IReadOnlyList<string> Alternatives, bool AfterNotQuite = false);

/// <summary>An answered query; <paramref name="OthersOffered"/> when other entries were offered for it (or it is a pick among them).</summary>
public sealed record FaqAnsweredQuery(long Id, string Query, string Language, string? EntryId, string? Feedback, bool OthersOffered);

/// <summary>A conversation's latest query: its outcome ("answered", "ambiguous", "no_match") and the learner's feedback, if any.</summary>
public sealed record FaqLatestQuery(long Id, string Query, string Outcome, string? Feedback, DateTime CreatedAt)
{
    public bool IsAnswerWithoutFeedback => Outcome == "answered" && Feedback is null;
}
