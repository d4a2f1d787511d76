using Dapper;
using Npgsql;

namespace SupportBot.Shared.Faq;

/// <summary>
/// Owns faq_miss_clusters: the day's groups of questions the FAQ did not settle, for tutors to turn into
/// knowledge entries or dismiss. <see cref="RefreshDayAsync"/> is safe to run twice: it replaces the
/// day's open clusters and leaves the ones a tutor already decided on alone.
/// </summary>
public sealed class FaqMissClusterStore(NpgsqlDataSource db)
{
    /// <summary>
    /// Clusters the questions the FAQ did not settle in [<paramref name="from"/>, <paramref name="to"/>) and makes
    /// them the open clusters of <paramref name="day"/>, in one transaction. Questions already in a
    /// cluster a tutor converted or dismissed are left out, so a decision is not asked for again.
    /// </summary>
    /// <returns>The clusters written.</returns>
    public async Task<IReadOnlyList<FaqMissCluster>> RefreshDayAsync(
        DateOnly day, DateTimeOffset from, DateTimeOffset to, FaqMissClusterOptions? options, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);

        // Two runs for the same day (a retry overlapping a manual trigger) take turns instead of doubling the rows.
        await c.ExecuteAsync(new CommandDefinition(
            "SELECT pg_advisory_xact_lock(hashtext('faq_miss_clusters'), @dayNumber)",
            new { dayNumber = day.DayNumber }, tx, cancellationToken: ct));

        // A miss is a question the FAQ did not settle: no entry fitted, or the learner got buttons or an answer ("not
        // quite") and did not end with an answer they kept for the same words in that conversation (a pick, or an entry
        // offered after "not quite"). Answers taken back are what near misses look like: the entry a base lacks.
        var misses = await c.QueryAsync<FaqMiss>(new CommandDefinition("""
            SELECT q.language AS Language, q.query AS Query
            FROM supportbot.faq_queries q
            WHERE q.created_at >= @from AND q.created_at < @to
              AND (q.outcome IN ('no_match', 'ambiguous') OR q.feedback = 'not_quite') -- faq_queries_unsettled
              AND (q.outcome = 'no_match'
                   OR ((q.outcome = 'ambiguous' OR (q.outcome = 'answered' AND q.feedback = 'not_quite'))
                       AND NOT EXISTS (
                           SELECT 1 FROM supportbot.faq_queries kept
                           WHERE kept.conversation_reference_id = q.conversation_reference_id AND kept.id > q.id
                             AND lower(kept.query) = lower(q.query)
                             AND kept.outcome = 'answered' AND kept.feedback IS DISTINCT FROM 'not_quite')))
              AND NOT EXISTS (
                  SELECT 1 FROM supportbot.faq_miss_clusters d
                  WHERE d.status <> 'open' AND d.language = q.language AND q.query = ANY (d.queries))
            ORDER BY q.id
            """, new { from, to }, tx, cancellationToken: ct));
        var clusters = FaqMissClusterer.Cluster(misses, options);

        await c.ExecuteAsync(new CommandDefinition(
            "DELETE FROM supportbot.faq_miss_clusters WHERE computed_for = @day AND status = 'open'",
            new { day }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.faq_miss_clusters (computed_for, label, language, queries, size)
            VALUES (@day, @Label, @Language, @Queries, @Size)
            """, clusters.Select(k => new { day, k.Label, k.Language, Queries = k.Queries.ToArray(), k.Size }), tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return clusters;
    }

    /// <summary>The open clusters of the latest computed day, biggest first.</summary>
    public async Task<IReadOnlyList<StoredFaqMissCluster>> ListOpenAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition("""
            SELECT id AS Id, computed_for AS ComputedFor, language AS Language, label AS Label, queries AS Queries, size AS Size
            FROM supportbot.faq_miss_clusters
            WHERE status = 'open' AND computed_for = (SELECT max(computed_for) FROM supportbot.faq_miss_clusters)
            ORDER BY size DESC, id
            """, cancellationToken: ct));
        return rows.Select(r => new StoredFaqMissCluster(r.Id, r.ComputedFor, r.Language, r.Label, r.Queries, r.Size)).ToList();
    }

    /// <summary>One open cluster, whatever its day; null when it is missing or decided.</summary>
    public async Task<StoredFaqMissCluster?> FindOpenAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var r = await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition("""
            SELECT id AS Id, computed_for AS ComputedFor, language AS Language, label AS Label, queries AS Queries, size AS Size
            FROM supportbot.faq_miss_clusters WHERE id = @id AND status = 'open'
            """, new { id }, cancellationToken: ct));
        return r is null ? null : new StoredFaqMissCluster(r.Id, r.ComputedFor, r.Language, r.Label, r.Queries, r.Size);
    }

    // Dapper sees text[] as System.Array, which no constructor parameter matches: read into properties.
    private sealed class Row
    {
        public long Id { get; init; }

        public DateOnly ComputedFor { get; init; }

        public string Language { get; init; } = "";

        public string Label { get; init; } = "";

        public string[] Queries { get; init; } = [];

        public int Size { get; init; }
    }
}

/// <summary>A cluster as stored, with the id a tutor's decision refers to.</summary>
public sealed record StoredFaqMissCluster(long Id, DateOnly ComputedFor, string Language, string Label, string[] Queries, int Size);
