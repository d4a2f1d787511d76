using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Tutor.Knowledge;

internal sealed record MissClusterRow(long Id, DateOnly ComputedFor, string Label, string Language, string Queries, int Size);

/// <summary>
/// The knowledge base screen: entries through FaqStore, suggested variants through FaqSuggestions
/// (both filtered to the tutor's scope here), open miss clusters read here. Course-wide entries (no module) are read by every
/// tutor and changed by admins; module entries by that module's tutors.
/// </summary>
internal sealed class KnowledgeQueries(NpgsqlDataSource db, FaqStore store, FaqSuggestions suggestions, TimeProvider clock)
{
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
        return true;
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
    /// Approves (the phrasing becomes a variant of its entry) or rejects a pending suggestion of an
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
