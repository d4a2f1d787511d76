using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Tutor.Volunteers;

internal sealed record VolunteerRow(
    Guid PersonId, string Name, string Topics, string Modules, int AskedThisWeek, int MaxPerWeek, int AnsweredTotal,
    DateTime? LastAnswerAt, DateOnly? PausedUntil, string? QuietHours, DateTime? StoppedEmailsAt);

/// <summary>
/// Volunteers a tutor may see: enrolled in one of their modules, or asked a question of one of
/// them (alumni volunteers have no enrolment). Admins see all.
/// </summary>
internal sealed class VolunteerQueries(NpgsqlDataSource db, PeopleStore people)
{
    private static readonly string Visible = $"""
        (@scopeAll
         OR EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = v.person_id AND {TutorScope.Filter("e.module_id")})
         OR EXISTS (SELECT 1 FROM supportbot.question_recipients r JOIN supportbot.questions q ON q.id = r.question_id
                    WHERE r.person_id = v.person_id AND {TutorScope.Filter("q.module_id")}))
        """;

    public async Task<IReadOnlyList<VolunteerRow>> ListAsync(TutorScope scope, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<VolunteerRow>(new CommandDefinition($"""
            SELECT v.person_id AS PersonId, p.display_name AS Name, array_to_string(v.topics, ', ') AS Topics,
                   COALESCE((SELECT string_agg(COALESCE(m.title, e.module_id), ', ' ORDER BY m.title) FROM supportbot.enrolments e LEFT JOIN supportbot.modules m ON m.id = e.module_id WHERE e.person_id = v.person_id), '') AS Modules,
                   (SELECT count(*)::int FROM supportbot.question_recipients r WHERE r.person_id = v.person_id AND r.asked_at >= date_trunc('week', now())) AS AskedThisWeek,
                   v.max_questions_week AS MaxPerWeek,
                   (SELECT count(*)::int FROM supportbot.answers a WHERE a.author_id = v.person_id) AS AnsweredTotal,
                   (SELECT max(a.created_at) FROM supportbot.answers a WHERE a.author_id = v.person_id) AS LastAnswerAt,
                   v.paused_until AS PausedUntil,
                   CASE WHEN v.quiet_from IS NOT NULL AND v.quiet_until IS NOT NULL
                        THEN to_char(v.quiet_from, 'HH24:MI') || '–' || to_char(v.quiet_until, 'HH24:MI') END AS QuietHours,
                   -- "stop" in the chat (or an unsubscribe link): routing sends them no question any more.
                   (SELECT ep.opted_out_at FROM supportbot.email_preferences ep
                    WHERE ep.person_id = v.person_id AND ep.category = 'routed_questions') AS StoppedEmailsAt
            FROM supportbot.volunteers v JOIN supportbot.people p ON p.id = v.person_id
            WHERE v.revoked_at IS NULL AND p.erased_at IS NULL AND {Visible}
            ORDER BY p.display_name
            """, scope.Parameters(), cancellationToken: ct))];
    }

    /// <summary>Pauses (or, with null, resumes) a volunteer the tutor may see, through People's store; false when they may not.</summary>
    public async Task<bool> PauseAsync(TutorScope scope, Guid personId, DateOnly? until, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var visible = await c.ExecuteScalarAsync<bool>(new CommandDefinition($"""
            SELECT EXISTS (SELECT 1 FROM supportbot.volunteers v WHERE v.person_id = @personId AND v.revoked_at IS NULL AND {Visible})
            """, scope.Parameters(new { personId }), cancellationToken: ct));
        return visible && await people.PauseVolunteerAsync(personId, until, ct);
    }
}
