using Dapper;
using Npgsql;

namespace SupportBot.IntegrationTests.Roster;

/// <summary>
/// PostgreSQL's row versions of the people and of one module's enrolments and tutors: a roster
/// import or sync that rewrites an unchanged row changes them, so "a second run changes nothing"
/// is checked on the rows, not only on the counts the run reports.
/// </summary>
internal static class RosterRowVersions
{
    public static async Task<List<string>> ReadAsync(NpgsqlDataSource db, string module)
    {
        await using var c = await db.OpenConnectionAsync();
        return (await c.QueryAsync<string>("""
            SELECT 'p' || p.xmin::text || p.id FROM supportbot.people p
            UNION ALL SELECT 'e' || e.xmin::text || e.person_id FROM supportbot.enrolments e WHERE e.module_id = @module
            UNION ALL SELECT 't' || t.xmin::text || t.person_id FROM supportbot.module_tutors t WHERE t.module_id = @module
            UNION ALL SELECT 'm' || m.xmin::text || m.id FROM supportbot.modules m
            ORDER BY 1
            """, new { module })).ToList();
    }
}
