using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Tutor.Questions;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Tutor.Knowledge;

/// <summary>What creating an entry from the pages did.</summary>
internal enum NewEntryOutcome
{
    Created,
    Forbidden,
    NotFound,
    IdTaken,
    AlreadyDone,
}

internal sealed record MissClusterRow(long Id, DateOnly ComputedFor, string Label, string Language, string Queries, int Size);

/// <summary>
/// The knowledge base screen: entries through FaqStore, suggested variants through FaqSuggestions
/// (both filtered to the tutor's scope here), open miss clusters read here. Course-wide entries (no module) are read by every
/// tutor and changed by admins; module entries by that module's tutors.
/// </summary>
internal sealed class KnowledgeQueries(
    NpgsqlDataSource db, FaqStore store, FaqSuggestions suggestions, FaqMissClusterStore clusters, FaqCatalog catalog, QuestionQueries questions, TimeProvider clock)
{
    /// <summary>The New entry page's address: no entry may take this id.</summary>
    public const string NewEntryId = "new";

    public static bool MayEdit(TutorScope scope, KnowledgeEntry entry) => entry.Module is null ? scope.IsAdmin : scope.Allows(entry.Module);

    public static bool MayRead(TutorScope scope, KnowledgeEntry entry) => entry.Module is null || scope.Allows(entry.Module);

    public async Task<IReadOnlyList<KnowledgeEntry>> ListAsync(TutorScope scope, CancellationToken ct) =>
        [.. (await store.LoadAllAsync(ct)).Where(e => MayRead(scope, e))];

    public async Task<KnowledgeEntry?> FindAsync(TutorScope scope, string id, CancellationToken ct) =>
        (await store.LoadAllAsync(ct)).FirstOrDefault(e => e.Id == id && MayRead(scope, e));

    public async Task<bool> SaveAsync(TutorScope scope, KnowledgeEntry entry, CancellationToken ct)
    {
        if (await FindAsync(scope, entry.Id, ct) is not { } current || !MayEdit(scope, current))
        {
            return false;
        }

        await store.UpsertManyAsync([entry with { Module = current.Module, LastReviewed = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) }], ct);
        // Without this the bot would see the change at its next version check, seconds later.
        catalog.Invalidate();
        return true;
    }

    /// <summary>Whether this tutor may write an entry for <paramref name="module"/> (null: the whole course, admins only).</summary>
    public static bool MayWriteFor(TutorScope scope, string? module) => module is null ? scope.IsAdmin : scope.Allows(module);

    /// <summary>
    /// Creates a new entry in the tutor's scope, recording where it came from: a promoted answer of a
    /// question in the tutor's scope, or an open miss cluster (which it closes as converted).
    /// </summary>
    public async Task<NewEntryOutcome> CreateAsync(TutorScope scope, KnowledgeEntry entry, Guid? fromAnswer, long? fromCluster, CancellationToken ct)
    {
        if (!MayWriteFor(scope, entry.Module))
        {
            return NewEntryOutcome.Forbidden;
        }

        if (fromAnswer is { } answerId && await questions.FindAnswerAsync(scope, answerId, ct) is null)
        {
            return NewEntryOutcome.NotFound;
        }

        if (string.Equals(entry.Id, NewEntryId, StringComparison.OrdinalIgnoreCase))
        {
            return NewEntryOutcome.IdTaken;
        }

        var stamped = entry with { LastReviewed = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime) };
        var outcome = fromCluster is { } clusterId
            ? await suggestions.CreateEntryFromClusterAsync(clusterId, stamped, scope.PersonId, ct)
            : await suggestions.CreateEntryAsync(stamped, fromAnswer, scope.PersonId, ct);
        return outcome switch
        {
            FaqReviewOutcome.Applied => NewEntryOutcome.Created,
            FaqReviewOutcome.EntryIdTaken => NewEntryOutcome.IdTaken,
            FaqReviewOutcome.AlreadyDecided => NewEntryOutcome.AlreadyDone,
            _ => NewEntryOutcome.NotFound,
        };
    }

    /// <summary>
    /// Makes the question a peer's (or tutor's) answer replied to a phrasing of <paramref name="entryId"/>, in the
    /// question's language; false when the answer or the entry is not the tutor's, or the answer was promoted already.
    /// </summary>
    public async Task<bool> PromoteAsVariantAsync(TutorScope scope, Guid answerId, string entryId, CancellationToken ct)
    {
        if (await questions.FindAnswerAsync(scope, answerId, ct) is not { } answer
            || await FindAsync(scope, entryId, ct) is not { } entry || !MayEdit(scope, entry))
        {
            return false;
        }

        return await suggestions.PromoteAsVariantAsync(answerId, entryId, answer.Language, answer.QuestionText, scope.PersonId, ct) == FaqReviewOutcome.Applied;
    }

    /// <summary>Answers already promoted, with their entry.</summary>
    public Task<IReadOnlyDictionary<Guid, string>> PromotedAsync(IReadOnlyCollection<Guid> answerIds, CancellationToken ct) =>
        suggestions.PromotedAsync(answerIds, ct);

    /// <summary>Entries this tutor may add a phrasing to.</summary>
    public async Task<IReadOnlyList<KnowledgeEntry>> EditableAsync(TutorScope scope, CancellationToken ct) =>
        [.. (await store.LoadAllAsync(ct)).Where(e => MayEdit(scope, e))];

    /// <summary>An open cluster; clusters have no module, so every tutor sees them (the entry made from one is scoped).</summary>
    public Task<StoredFaqMissCluster?> OpenClusterAsync(long id, CancellationToken ct) => clusters.FindOpenAsync(id, ct);

    /// <summary>Closes an open cluster without an entry; false when it is missing or decided already.</summary>
    public async Task<bool> DismissClusterAsync(TutorScope scope, long id, CancellationToken ct) =>
        await suggestions.DismissClusterAsync(id, scope.PersonId, ct) is FaqReviewOutcome.Applied or FaqReviewOutcome.AlreadyDecided;

    /// <summary>An id proposed from a phrasing: ASCII words joined by dashes ("Où déposer mon devoir ?" → "ou-deposer-mon-devoir").</summary>
    public static string SuggestId(string phrasing)
    {
        var plain = new System.Text.StringBuilder();
        foreach (var ch in (phrasing ?? "").Normalize(System.Text.NormalizationForm.FormD))
        {
            if (System.Globalization.CharUnicodeInfo.GetUnicodeCategory(ch) == System.Globalization.UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            plain.Append(char.IsAsciiLetterOrDigit(ch) ? char.ToLowerInvariant(ch) : ' ');
        }

        var words = plain.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Take(6);
        var id = string.Join('-', words);
        return id.Length > 60 ? id[..60].TrimEnd('-') : id;
    }

    /// <summary>Suggested variants of entries this tutor may edit, the most helpful first.</summary>
    public async Task<IReadOnlyList<PendingVariant>> PendingSuggestionsAsync(TutorScope scope, CancellationToken ct)
    {
        var editable = (await store.LoadAllAsync(ct)).Where(e => MayEdit(scope, e)).Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
        return [.. (await suggestions.ListPendingAsync(ct)).Where(s => editable.Contains(s.EntryId))];
    }

    public async Task<IReadOnlyList<MissClusterRow>> OpenClustersAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<MissClusterRow>(new CommandDefinition("""
            SELECT id AS Id, computed_for AS ComputedFor, label AS Label, language AS Language,
                   array_to_string(queries[1:5], ' · ') AS Queries, size AS Size
            FROM supportbot.faq_miss_clusters WHERE status = 'open'
            ORDER BY size DESC, computed_for DESC LIMIT 20
            """, cancellationToken: ct))];
    }

    /// <summary>
    /// Keeps (the phrasing is, or becomes, a variant of its entry) or removes a learned or suggested phrasing of an
    /// entry the tutor may edit, through FAQ's <see cref="FaqSuggestions"/>; false when it is not theirs to decide.
    /// </summary>
    public async Task<bool> DecideAsync(TutorScope scope, long id, bool approve, CancellationToken ct)
    {
        if (!(await PendingSuggestionsAsync(scope, ct)).Any(s => s.Id == id))
        {
            return false;
        }

        var outcome = approve ? await suggestions.ApproveAsync(id, scope.PersonId, ct) : await suggestions.RejectAsync(id, scope.PersonId, ct);
        // Decided meanwhile by another tutor: the page shows the list as it now is.
        return outcome is FaqReviewOutcome.Applied or FaqReviewOutcome.AlreadyDecided;
    }
}
