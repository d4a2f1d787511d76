using Dapper;
using Npgsql;

namespace SupportBot.Shared.Faq;

/// <summary>
/// What tutors decide on (#7, #16): phrasings learned from use (a learner's pick among the "did you mean" buttons
/// or "this helped", already variants of their entry: <see cref="FaqQueryLog"/>), kept or removed here, and
/// clusters of unanswered questions. Each decision is one transaction; the live catalog is told at once, so the bot
/// answers (or no longer answers) the phrasing.
/// </summary>
public sealed class FaqSuggestions(NpgsqlDataSource db, FaqCatalog catalog)
{
    /// <summary>Longer than any chat question the matcher reads in full.</summary>
    public const int MaxVariantLength = 1000;

    /// <summary>
    /// Phrasings waiting for a tutor, the most helpful first: those learned from use (already in their entry, kept or
    /// removed by the tutor) and those suggested before learning was immediate (added once approved).
    /// </summary>
    public async Task<IReadOnlyList<PendingVariant>> ListPendingAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<PendingVariant>(new CommandDefinition("""
            SELECT s.id AS Id, s.entry_id AS EntryId, k.topic AS Topic, s.language AS Language, s.text AS Text,
                   s.times_helped AS TimesHelped, s.created_at AS CreatedAt, s.status = 'learned' AS Learned,
                   (SELECT count(*)::int FROM supportbot.faq_queries q
                    WHERE q.entry_id = s.entry_id AND lower(q.query) = lower(s.text) AND q.feedback = 'not_quite') AS NotQuite
            FROM supportbot.faq_variant_suggestions s
            JOIN supportbot.knowledge_entries k ON k.id = s.entry_id
            WHERE s.status IN ('pending', 'learned')
            ORDER BY s.times_helped DESC, s.created_at, s.id
            """, cancellationToken: ct));
        return rows.ToList();
    }

    /// <summary>
    /// Keeps the phrasing as a question variant of its entry (adding it when it was only suggested) and marks it
    /// approved by <paramref name="tutorId"/>, both in one transaction.
    /// </summary>
    public Task<FaqReviewOutcome> ApproveAsync(long suggestionId, Guid tutorId, CancellationToken ct) =>
        ReviewAsync(suggestionId, "approved", tutorId, async (c, tx, suggestion) =>
        {
            await FaqStore.AddVariantAsync(c, tx, suggestion.EntryId, suggestion.Language, suggestion.Text, ct);
            return true;
        }, ct);

    /// <summary>
    /// Marks the phrasing rejected and, when it was learned from use, takes it out of its entry: the bot no longer
    /// answers it by that variant, and the same phrasing is not learned again.
    /// </summary>
    public Task<FaqReviewOutcome> RejectAsync(long suggestionId, Guid tutorId, CancellationToken ct) =>
        ReviewAsync(suggestionId, "rejected", tutorId, async (c, tx, suggestion) =>
        {
            if (suggestion.Status != "learned")
            {
                return false;
            }

            await FaqStore.RemoveVariantAsync(c, tx, suggestion.EntryId, suggestion.Language, suggestion.Text, ct);
            return true;
        }, ct);

    /// <summary>
    /// A tutor's decision on a phrasing still waiting for one, in one transaction with what it does to the entry (locked,
    /// so two tutors deciding at once cannot both apply); the catalog reloads when the entry changed.
    /// </summary>
    private async Task<FaqReviewOutcome> ReviewAsync(
        long suggestionId, string decision, Guid tutorId, Func<NpgsqlConnection, NpgsqlTransaction, ReviewedVariant, Task<bool>> changeEntry, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var suggestion = await c.QuerySingleOrDefaultAsync<ReviewedVariant>(new CommandDefinition("""
            SELECT entry_id AS EntryId, language AS Language, text AS Text, status AS Status
            FROM supportbot.faq_variant_suggestions WHERE id = @suggestionId FOR UPDATE
            """, new { suggestionId }, tx, cancellationToken: ct));
        if (suggestion is null)
        {
            return FaqReviewOutcome.NotFound;
        }

        if (suggestion.Status is not ("pending" or "learned"))
        {
            return FaqReviewOutcome.AlreadyDecided;
        }

        var entryChanged = await changeEntry(c, tx, suggestion);
        await DecideAsync(c, tx, suggestionId, decision, tutorId, ct);
        await tx.CommitAsync(ct);
        if (entryChanged)
        {
            catalog.Invalidate();
        }

        return FaqReviewOutcome.Applied;
    }

    private sealed record ReviewedVariant(string EntryId, string Language, string Text, string Status);

    /// <summary>
    /// Adds <paramref name="entry"/> as a new knowledge entry answering an open cluster of misses and
    /// marks the cluster converted, in one transaction. The cluster's phrasings are not added by
    /// themselves: the tutor writes the variants in <paramref name="entry"/>.
    /// </summary>
    /// <exception cref="ArgumentException">The entry breaks a knowledge-base file rule; the message lists every problem.</exception>
    public async Task<FaqReviewOutcome> CreateEntryFromClusterAsync(long clusterId, KnowledgeEntry entry, Guid tutorId, CancellationToken ct)
    {
        ThrowIfInvalid(entry);

        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await LockUndecidedAsync(c, tx, "faq_miss_clusters", clusterId, "open", ct) is { } refused)
        {
            return refused;
        }

        if (!await FaqStore.InsertAsync(c, tx, entry, ct))
        {
            return FaqReviewOutcome.EntryIdTaken;
        }

        await SetClusterStatusAsync(c, tx, clusterId, "converted", tutorId, ct);
        await tx.CommitAsync(ct);
        catalog.Invalidate();
        return FaqReviewOutcome.Applied;
    }

    /// <summary>
    /// Adds <paramref name="entry"/> as a new knowledge entry written by a tutor, from scratch or from an
    /// answer they promote (<paramref name="fromAnswerId"/>, recorded so it is not offered again), in one
    /// transaction; the bot answers it at once.
    /// </summary>
    /// <returns><see cref="FaqReviewOutcome.AlreadyDecided"/> when the answer was promoted meanwhile.</returns>
    /// <exception cref="ArgumentException">The entry breaks a knowledge-base file rule; the message lists every problem.</exception>
    public async Task<FaqReviewOutcome> CreateEntryAsync(KnowledgeEntry entry, Guid? fromAnswerId, Guid tutorId, CancellationToken ct)
    {
        ThrowIfInvalid(entry);

        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (!await FaqStore.InsertAsync(c, tx, entry, ct))
        {
            return FaqReviewOutcome.EntryIdTaken;
        }

        // Disposing the transaction uncommitted drops the entry too: one click, one entry.
        if (fromAnswerId is { } answerId && !await RecordPromotionAsync(c, tx, answerId, entry.Id, "entry", tutorId, ct))
        {
            return FaqReviewOutcome.AlreadyDecided;
        }

        await tx.CommitAsync(ct);
        catalog.Invalidate();
        return FaqReviewOutcome.Applied;
    }

    /// <summary>
    /// Adds the question an answer replied to as a phrasing of <paramref name="entryId"/> and records the
    /// promotion, in one transaction; the bot answers that question with the entry at once.
    /// </summary>
    /// <returns><see cref="FaqReviewOutcome.NotFound"/> for an unknown entry, <see cref="FaqReviewOutcome.AlreadyDecided"/> when the answer was promoted already.</returns>
    /// <exception cref="ArgumentException">The language is not "fr" or "en", or the text is blank or too long.</exception>
    public async Task<FaqReviewOutcome> PromoteAsVariantAsync(Guid answerId, string entryId, string language, string text, Guid tutorId, CancellationToken ct)
    {
        var (lang, variant) = CheckVariant(language, text);
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (!await FaqStore.AddVariantAsync(c, tx, entryId, lang, variant, ct))
        {
            return FaqReviewOutcome.NotFound;
        }

        if (!await RecordPromotionAsync(c, tx, answerId, entryId, "variant", tutorId, ct))
        {
            return FaqReviewOutcome.AlreadyDecided;
        }

        await tx.CommitAsync(ct);
        catalog.Invalidate();
        return FaqReviewOutcome.Applied;
    }

    /// <summary>Of <paramref name="answerIds"/>, those already promoted, with the entry each went to.</summary>
    public async Task<IReadOnlyDictionary<Guid, string>> PromotedAsync(IReadOnlyCollection<Guid> answerIds, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answerIds);
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<(Guid AnswerId, string EntryId)>(new CommandDefinition(
            "SELECT answer_id, entry_id FROM supportbot.faq_promotions WHERE answer_id = ANY(@ids)",
            new { ids = answerIds.ToArray() }, cancellationToken: ct));
        return rows.ToDictionary(r => r.AnswerId, r => r.EntryId);
    }

    /// <summary>False when the answer was promoted already (the caller rolls back).</summary>
    private static async Task<bool> RecordPromotionAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, Guid answerId, string entryId, string kind, Guid tutorId, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.faq_promotions (answer_id, entry_id, kind, promoted_by)
            VALUES (@answerId, @entryId, @kind, @tutorId)
            ON CONFLICT (answer_id) DO NOTHING
            """, new { answerId, entryId, kind, tutorId }, tx, cancellationToken: ct)) == 1;

    private static (string Language, string Text) CheckVariant(string language, string text)
    {
        var lang = FaqLanguages.Normalize(language) ?? throw new ArgumentException($"language must be fr or en, not \"{language}\"", nameof(language));
        var variant = text?.Trim() ?? "";
        if (variant.Length == 0 || variant.Length > MaxVariantLength)
        {
            throw new ArgumentException($"a variant has 1 to {MaxVariantLength} characters", nameof(text));
        }

        return (lang, variant);
    }

    /// <summary>Closes an open cluster without changing the knowledge base (off-topic, course content, already answered).</summary>
    public async Task<FaqReviewOutcome> DismissClusterAsync(long clusterId, Guid tutorId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (await LockUndecidedAsync(c, tx, "faq_miss_clusters", clusterId, "open", ct) is { } refused)
        {
            return refused;
        }

        await SetClusterStatusAsync(c, tx, clusterId, "dismissed", tutorId, ct);
        await tx.CommitAsync(ct);
        return FaqReviewOutcome.Applied;
    }

    /// <summary>
    /// Locks a suggestion or cluster row for this decision; returns why it cannot be decided
    /// (missing, or no longer in <paramref name="undecided"/>), or null to go on.
    /// </summary>
    private static async Task<FaqReviewOutcome?> LockUndecidedAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, string table, long id, string undecided, CancellationToken ct)
    {
        // table is one of two constants of this class, never input.
        var status = await c.QuerySingleOrDefaultAsync<string>(new CommandDefinition(
            $"SELECT status FROM supportbot.{table} WHERE id = @id FOR UPDATE", new { id }, tx, cancellationToken: ct));
        return status is null ? FaqReviewOutcome.NotFound
            : status != undecided ? FaqReviewOutcome.AlreadyDecided
            : null;
    }

    /// <summary>
    /// Adds <paramref name="text"/> as a question variant of <paramref name="entryId"/> in
    /// <paramref name="language"/> (e.g. the question of a peer's answer a tutor promotes). A variant the
    /// entry already has, whatever its case, is not added twice.
    /// </summary>
    /// <exception cref="ArgumentException">The language is not "fr" or "en", or the text is blank or too long.</exception>
    public async Task<FaqReviewOutcome> AddVariantAsync(string entryId, string language, string text, CancellationToken ct)
    {
        var (lang, variant) = CheckVariant(language, text);
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (!await FaqStore.AddVariantAsync(c, tx, entryId, lang, variant, ct))
        {
            return FaqReviewOutcome.NotFound;
        }

        await tx.CommitAsync(ct);
        catalog.Invalidate();
        return FaqReviewOutcome.Applied;
    }

    private static Task DecideAsync(NpgsqlConnection c, NpgsqlTransaction tx, long suggestionId, string status, Guid tutorId, CancellationToken ct) =>
        c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.faq_variant_suggestions SET status = @status, decided_at = now(), decided_by = @tutorId WHERE id = @suggestionId
            """, new { suggestionId, status, tutorId }, tx, cancellationToken: ct));

    // faq_miss_clusters has no column for who decided (0008): the tutor is checked, not recorded.
    private static async Task SetClusterStatusAsync(NpgsqlConnection c, NpgsqlTransaction tx, long clusterId, string status, Guid tutorId, CancellationToken ct)
    {
        var known = await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.people WHERE id = @tutorId AND erased_at IS NULL)",
            new { tutorId }, tx, cancellationToken: ct));
        if (!known)
        {
            throw new ArgumentException($"no person has the id {tutorId}", nameof(tutorId));
        }

        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.faq_miss_clusters SET status = @status WHERE id = @clusterId",
            new { clusterId, status }, tx, cancellationToken: ct));
    }

    private static void ThrowIfInvalid(KnowledgeEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var errors = KnowledgeBaseFile.Validate(entry);
        if (errors.Count > 0)
        {
            throw new ArgumentException("the entry is not valid: " + string.Join("; ", errors), nameof(entry));
        }
    }
}

/// <summary>What a tutor's decision did.</summary>
public enum FaqReviewOutcome
{
    /// <summary>Done: the knowledge base or the suggestion changed as asked.</summary>
    Applied,

    /// <summary>No suggestion, cluster or entry has this id.</summary>
    NotFound,

    /// <summary>Another tutor (or an earlier click) already approved, rejected, converted or dismissed it.</summary>
    AlreadyDecided,

    /// <summary>A knowledge entry with this id exists already: pick another id, or add variants to that entry.</summary>
    EntryIdTaken,
}

/// <summary>
/// A phrasing learners picked or found helpful, waiting for a tutor on the knowledge base page; <paramref name="Learned"/>:
/// already a variant of <paramref name="EntryId"/> (learned from use), else only suggested (made before learning was immediate,
/// or taken back by "not quite"); <paramref name="NotQuite"/>: how many times learners said "not quite" to the answer it gave.
/// </summary>
public sealed record PendingVariant(long Id, string EntryId, string Topic, string Language, string Text, int TimesHelped, DateTime CreatedAt, bool Learned, int NotQuite);
