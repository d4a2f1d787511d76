using System.Globalization;
using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Tutor.Silences;

internal enum LearnerState
{
    Stuck,
    Helping,
    SelfServed,
    Silent,
}

internal sealed record LearnerWeek(Guid PersonId, string Name, string? ExternalId, LearnerState State, DateTime? LastActivityAt);

internal sealed record SilenceWeek(string ModuleId, DateOnly WeekStart, IReadOnlyList<LearnerWeek> Learners)
{
    public IReadOnlyList<LearnerWeek> In(LearnerState state) => [.. Learners.Where(l => l.State == state)];
}

/// <summary>
/// What each learner of a module did in one week, so a tutor can read silences: stuck (a question
/// still waiting or expired, or an FAQ answer that did not help) comes first, then helping (answered
/// a peer), self-served (the FAQ answered them), and silent (nothing at all).
/// </summary>
internal sealed class SilenceQueries(NpgsqlDataSource db)
{
    public static DateOnly WeekOf(DateTime utc) => DateOnly.FromDateTime(utc.Date.AddDays(-(((int)utc.DayOfWeek + 6) % 7)));

    public static DateOnly ParseWeek(string? week, DateTime now) =>
        DateOnly.TryParseExact(week, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? WeekOf(d.ToDateTime(TimeOnly.MinValue)) : WeekOf(now);

    public async Task<SilenceWeek?> ForWeekAsync(TutorScope scope, string moduleId, DateOnly weekStart, CancellationToken ct)
    {
        if (!scope.Allows(moduleId))
        {
            return null;
        }

        var from = weekStart.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition($"""
            SELECT p.id AS PersonId, p.display_name AS Name, p.external_id AS ExternalId,
                EXISTS (SELECT 1 FROM supportbot.questions q WHERE q.asker_id = p.id AND q.module_id = @moduleId
                        AND q.created_at >= @from AND q.created_at < @to AND q.status IN ('new', 'routed', 'escalated', 'expired'))
                OR EXISTS (SELECT 1 FROM supportbot.faq_queries f WHERE f.person_id = p.id AND f.created_at >= @from AND f.created_at < @to
                        AND (f.feedback = 'not_quite' OR f.outcome = 'no_match')
                        AND NOT EXISTS (SELECT 1 FROM supportbot.questions q2 WHERE q2.asker_id = p.id AND q2.created_at >= f.created_at
                                        AND q2.status IN ('answered', 'resolved'))) AS Stuck,
                EXISTS (SELECT 1 FROM supportbot.answers a WHERE a.author_id = p.id AND a.created_at >= @from AND a.created_at < @to) AS Helping,
                EXISTS (SELECT 1 FROM supportbot.faq_queries f WHERE f.person_id = p.id AND f.created_at >= @from AND f.created_at < @to
                        AND f.outcome = 'answered' AND f.feedback IS DISTINCT FROM 'not_quite')
                OR EXISTS (SELECT 1 FROM supportbot.questions q WHERE q.asker_id = p.id AND q.module_id = @moduleId
                        AND q.created_at >= @from AND q.created_at < @to AND q.status IN ('answered', 'resolved')) AS SelfServed,
                GREATEST(
                    (SELECT max(created_at) FROM supportbot.questions q WHERE q.asker_id = p.id),
                    (SELECT max(created_at) FROM supportbot.answers a WHERE a.author_id = p.id),
                    (SELECT max(created_at) FROM supportbot.faq_queries f WHERE f.person_id = p.id),
                    (SELECT max(last_seen_at) FROM supportbot.conversation_references r WHERE r.person_id = p.id)) AS LastActivityAt
            FROM supportbot.enrolments e JOIN supportbot.people p ON p.id = e.person_id
            WHERE e.module_id = @moduleId AND {TutorScope.Filter("e.module_id")} AND p.erased_at IS NULL
            ORDER BY p.display_name
            """, scope.Parameters(new { moduleId, from, to = from.AddDays(7) }), cancellationToken: ct));
        return new SilenceWeek(moduleId, weekStart, [.. rows.Select(r => new LearnerWeek(r.PersonId, r.Name, r.ExternalId,
            r.Stuck ? LearnerState.Stuck : r.Helping ? LearnerState.Helping : r.SelfServed ? LearnerState.SelfServed : LearnerState.Silent,
            r.LastActivityAt))]);
    }

    /// <summary>Whether the person is a learner of the module and the module is the tutor's: what a tutor may message.</summary>
    public async Task<bool> IsLearnerOfAsync(TutorScope scope, string moduleId, Guid personId, CancellationToken ct)
    {
        if (!scope.Allows(moduleId))
        {
            return false;
        }

        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition($"""
            SELECT EXISTS (SELECT 1 FROM supportbot.enrolments e JOIN supportbot.people p ON p.id = e.person_id
                           WHERE e.person_id = @personId AND e.module_id = @moduleId AND {TutorScope.Filter("e.module_id")} AND p.erased_at IS NULL)
            """, scope.Parameters(new { personId, moduleId }), cancellationToken: ct));
    }

    private sealed record Row(Guid PersonId, string Name, string? ExternalId, bool Stuck, bool Helping, bool SelfServed, DateTime? LastActivityAt);
}
