using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Tutor.Knowledge;

internal sealed record SuggestionRow(long Id, string EntryId, string Language, string Text, int TimesHelped, DateTime CreatedAt);

internal sealed record MissClusterRow(long Id, DateOnly ComputedFor, string Label, string Language, string Queries, int Size);

/// <summary>
/// The knowledge base screen: entries through FaqStore; suggested variants and miss clusters read
/// here until FAQ's suggestion service lands. Course-wide entries (no module) are read by every
/// tutor and changed by admins; module entries by that module's tutors.
/// </summary>
internal sealed class KnowledgeQueries(NpgsqlDataSource db, FaqStore store, TimeProvider clock)
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

    private static readonly string EntryInScope = $"""
        EXISTS (SELECT 1 FROM supportbot.knowledge_entries k WHERE k.id = s.entry_id
                AND ((k.module_id IS NULL AND @scopeAll) OR (k.module_id IS NOT NULL AND {TutorScope.Filter("k.module_id")})))
        """;

    public async Task<IReadOnlyList<SuggestionRow>> PendingSuggestionsAsync(TutorScope scope, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<SuggestionRow>(new CommandDefinition($"""
            SELECT s.id AS Id, s.entry_id AS EntryId, s.language AS Language, s.text AS Text, s.times_helped AS TimesHelped, s.created_at AS CreatedAt
            FROM supportbot.faq_variant_suggestions s
            WHERE s.status = 'pending' AND {EntryInScope}
            ORDER BY s.times_helped DESC, s.created_at
            """, scope.Parameters(), cancellationToken: ct))];
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
    /// Approves (the phrasing becomes a variant of its entry) or rejects a pending suggestion the tutor may edit.
    /// TODO(#7): call FAQ's FaqSuggestions service once it lands on main.
    /// </summary>
    public async Task<bool> DecideAsync(TutorScope scope, long id, bool approve, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var suggestion = await c.QuerySingleOrDefaultAsync<SuggestionRow>(new CommandDefinition($"""
            SELECT s.id AS Id, s.entry_id AS EntryId, s.language AS Language, s.text AS Text, s.times_helped AS TimesHelped, s.created_at AS CreatedAt
            FROM supportbot.faq_variant_suggestions s WHERE s.id = @id AND s.status = 'pending' AND {EntryInScope}
            """, scope.Parameters(new { id }), cancellationToken: ct));
        if (suggestion is null || await FindAsync(scope, suggestion.EntryId, ct) is not { } entry || !MayEdit(scope, entry))
        {
            return false;
        }

        if (approve)
        {
            var questions = suggestion.Language == FaqLanguages.English
                ? entry.Questions with { En = [.. entry.Questions.En, suggestion.Text] }
                : entry.Questions with { Fr = [.. entry.Questions.Fr, suggestion.Text] };
            await store.UpsertManyAsync([entry with { Questions = questions }], ct);
        }

        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.faq_variant_suggestions SET status = @status, decided_at = now(), decided_by = @person
            WHERE id = @id AND status = 'pending'
            """, new { id, status = approve ? "approved" : "rejected", person = scope.PersonId }, cancellationToken: ct));
        return true;
    }
}
