using Dapper;
using Npgsql;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Nudges;

/// <summary>Owns supportbot.nudges: who was nudged on which day, for "once per silence" and the monthly cap.</summary>
public sealed class NudgeStore(NpgsqlDataSource db)
{
    /// <summary>Learners silent since before <paramref name="silentSince"/>, not nudged since they were last seen, under the monthly cap: one page, by person id.</summary>
    public async Task<IReadOnlyList<Recipient>> CandidatesAsync(Guid after, DateTimeOffset silentSince, DateOnly monthStart, int maxPerMonth, int pageSize, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<Recipient>(new CommandDefinition("""
            WITH learners AS (
                SELECT p.id, p.display_name, p.email, p.locale, p.time_zone,
                       COALESCE((SELECT max(cr.last_seen_at) FROM supportbot.conversation_references cr WHERE cr.person_id = p.id),
                                (SELECT min(e.enrolled_at) FROM supportbot.enrolments e WHERE e.person_id = p.id)) AS last_seen
                FROM supportbot.people p
                WHERE p.erased_at IS NULL AND p.id > @after
                  AND EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = p.id)
                ORDER BY p.id)
            SELECT l.id AS PersonId, l.display_name AS DisplayName, l.email AS Email, l.locale AS Locale, l.time_zone AS TimeZone
            FROM learners l
            WHERE l.last_seen < @silentSince
              AND NOT EXISTS (SELECT 1 FROM supportbot.nudges n WHERE n.person_id = l.id AND n.nudged_on >= l.last_seen::date)
              AND (SELECT count(*) FROM supportbot.nudges n WHERE n.person_id = l.id AND n.nudged_on >= @monthStart) < @maxPerMonth
            ORDER BY l.id
            LIMIT @pageSize
            """, new { after, silentSince = silentSince.UtcDateTime, monthStart, maxPerMonth, pageSize }, cancellationToken: ct))).ToList();
    }

    public async Task RecordAsync(Guid personId, DateOnly day, string channel, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.nudges (person_id, nudged_on, channel) VALUES (@personId, @day, @channel) ON CONFLICT DO NOTHING
            """, new { personId, day, channel }, cancellationToken: ct));
    }
}
