using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Tutor.Learners;

/// <param name="Volunteer">"active", "revoked" or null (never volunteered).</param>
/// <param name="StoppedEmailsAt">When they wrote "stop" (opted out of every email), null when they get emails.</param>
internal sealed record LearnerRow(
    string ExternalId, string Name, string Email, string Modules, string? Volunteer, DateOnly? PausedUntil, string? QuietHours, DateTime? StoppedEmailsAt);

/// <summary>Learners enrolled in the tutor's modules, to export or erase their data.</summary>
internal sealed class LearnerSearch(NpgsqlDataSource db)
{
    /// <summary>Sorted by name unless asked otherwise; a course's learners may be thousands, so the query cuts the page.</summary>
    public static readonly TutorList<LearnerRow> Sorting = new("", "name", defaultDescending: false,
        [("name", l => l.Name), ("id", l => l.ExternalId)], descendingFirst: []);

    private static readonly Dictionary<string, string> OrderBy = new(StringComparer.Ordinal) { ["name"] = "p.display_name", ["id"] = "p.external_id" };

    public async Task<ListPage<LearnerRow>> FindAsync(TutorScope scope, string? text, ListRequest page, CancellationToken ct)
    {
        var where = $"""
            WHERE p.erased_at IS NULL AND p.external_id IS NOT NULL
              AND EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = p.id AND {TutorScope.Filter("e.module_id")})
              AND (@text::text IS NULL OR p.display_name ILIKE '%' || @text || '%' OR p.email ILIKE '%' || @text || '%' OR p.external_id = @text)
            """;
        object Parameters(ListRequest request) => scope.Parameters(new { text = string.IsNullOrWhiteSpace(text) ? null : text.Trim(), limit = request.PageSize, offset = request.Offset });
        await using var c = await db.OpenConnectionAsync(ct);
        var total = await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT count(*)::int FROM supportbot.people p " + where, Parameters(page), cancellationToken: ct));
        page = page with { Page = Math.Min(page.Page, Math.Max(1, (total + page.PageSize - 1) / page.PageSize)) };
        var rows = await c.QueryAsync<LearnerRow>(new CommandDefinition($"""
            SELECT p.external_id AS ExternalId, p.display_name AS Name, p.email AS Email,
                   (SELECT string_agg(COALESCE(m.title, e.module_id), ', ' ORDER BY m.title) FROM supportbot.enrolments e
                    LEFT JOIN supportbot.modules m ON m.id = e.module_id WHERE e.person_id = p.id AND {TutorScope.Filter("e.module_id")}) AS Modules,
                   CASE WHEN v.person_id IS NULL THEN NULL WHEN v.revoked_at IS NULL THEN 'active' ELSE 'revoked' END AS Volunteer,
                   v.paused_until AS PausedUntil,
                   CASE WHEN v.quiet_from IS NOT NULL AND v.quiet_until IS NOT NULL
                        THEN to_char(v.quiet_from, 'HH24:MI') || '–' || to_char(v.quiet_until, 'HH24:MI') END AS QuietHours,
                   (SELECT ep.opted_out_at FROM supportbot.email_preferences ep
                    WHERE ep.person_id = p.id AND ep.category = 'routed_questions') AS StoppedEmailsAt
            FROM supportbot.people p
            LEFT JOIN supportbot.volunteers v ON v.person_id = p.id
            {where}
            ORDER BY {OrderBy[page.Sort]} {(page.Descending ? "DESC" : "ASC")}, p.id
            LIMIT @limit OFFSET @offset
            """, Parameters(page), cancellationToken: ct));
        return Sorting.PageOf([.. rows], total, page);
    }

    /// <summary>Whether the learner is enrolled in one of the tutor's modules (admins: anyone).</summary>
    public async Task<bool> InScopeAsync(TutorScope scope, string externalId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition($"""
            SELECT EXISTS (SELECT 1 FROM supportbot.people p WHERE p.external_id = @externalId AND p.erased_at IS NULL
                AND (@scopeAll OR EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = p.id AND {TutorScope.Filter("e.module_id")})))
            """, scope.Parameters(new { externalId }), cancellationToken: ct));
    }
}
