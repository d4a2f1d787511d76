using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Tutor.Insights;

internal sealed record WeekCount(DateTime Week, int Questions, int FaqAnswered);

internal sealed record TopicCount(string Topic, int Questions);

internal sealed record InsightReport(
    int Weeks, IReadOnlyList<WeekCount> PerWeek, IReadOnlyList<TopicCount> PerTopic,
    int ByFaq, int ByPeers, int ByTutors, int Unanswered, double? MedianHoursToPeerAnswer, int ByEarlierAnswer = 0);

/// <summary>
/// What learners struggle with, over the tutor's modules: questions per week and topic, who
/// answered (the FAQ, peers, tutors, or an earlier peer or tutor answer the learner said solved
/// their new question) and how fast peers answer. FAQ queries have no module: they
/// count for a tutor when the learner is enrolled in one of the tutor's modules.
/// </summary>
internal sealed class InsightQueries(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<InsightReport> BuildAsync(TutorScope scope, string? moduleId, int weeks, CancellationToken ct)
    {
        weeks = Math.Clamp(weeks, 1, 52);
        var since = clock.GetUtcNow().UtcDateTime.Date.AddDays(-7 * weeks);
        var args = scope.Parameters(new { since, module = moduleId });
        var questions = $"q.created_at >= @since AND {TutorScope.Filter("q.module_id")} AND (@module::text IS NULL OR q.module_id = @module)";
        var faq = $"""
            f.created_at >= @since AND f.outcome = 'answered' AND f.feedback IS DISTINCT FROM 'not_quite'
            AND EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = f.person_id
                        AND {TutorScope.Filter("e.module_id")} AND (@module::text IS NULL OR e.module_id = @module))
            """;
        await using var c = await db.OpenConnectionAsync(ct);
        var perWeek = await c.QueryAsync<WeekCount>(new CommandDefinition($"""
            WITH weeks AS (SELECT generate_series(date_trunc('week', @since::timestamptz), date_trunc('week', now()), interval '1 week') AS week)
            SELECT w.week AS Week,
                   (SELECT count(*)::int FROM supportbot.questions q WHERE date_trunc('week', q.created_at) = w.week AND {questions}) AS Questions,
                   (SELECT count(*)::int FROM supportbot.faq_queries f WHERE date_trunc('week', f.created_at) = w.week AND {faq}) AS FaqAnswered
            FROM weeks w ORDER BY w.week
            """, args, cancellationToken: ct));
        var perTopic = await c.QueryAsync<TopicCount>(new CommandDefinition($"""
            SELECT COALESCE(q.topic, '?') AS Topic, count(*)::int AS Questions FROM supportbot.questions q
            WHERE {questions} GROUP BY 1 ORDER BY 2 DESC, 1
            """, args, cancellationToken: ct));
        var shares = await c.QuerySingleAsync<(int ByPeers, int ByTutors, int Unanswered, int ByEarlier)>(new CommandDefinition($"""
            WITH first_answer AS (
                SELECT q.id, q.status,
                       CASE WHEN q.solved_by_answer_id IS NOT NULL THEN 'earlier' ELSE
                       (SELECT CASE WHEN a.via = 'tutor_page' OR EXISTS (SELECT 1 FROM supportbot.module_tutors t WHERE t.person_id = a.author_id AND t.module_id = q.module_id)
                                    THEN 'tutor' ELSE 'peer' END
                        FROM supportbot.answers a WHERE a.question_id = q.id ORDER BY a.created_at LIMIT 1) END AS by_whom
                FROM supportbot.questions q WHERE {questions} AND q.status <> 'cancelled')
            SELECT count(*) FILTER (WHERE by_whom = 'peer')::int, count(*) FILTER (WHERE by_whom = 'tutor')::int,
                   count(*) FILTER (WHERE by_whom IS NULL)::int, count(*) FILTER (WHERE by_whom = 'earlier')::int
            FROM first_answer
            """, args, cancellationToken: ct));
        var byFaq = await c.ExecuteScalarAsync<int>(new CommandDefinition(
            $"SELECT count(*)::int FROM supportbot.faq_queries f WHERE {faq}", args, cancellationToken: ct));
        var median = await c.ExecuteScalarAsync<double?>(new CommandDefinition($"""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM (first_peer - created_at)) / 3600)
            FROM (SELECT q.created_at,
                         (SELECT min(a.created_at) FROM supportbot.answers a WHERE a.question_id = q.id AND a.via <> 'tutor_page'
                          AND NOT EXISTS (SELECT 1 FROM supportbot.module_tutors t WHERE t.person_id = a.author_id AND t.module_id = q.module_id)) AS first_peer
                  FROM supportbot.questions q WHERE {questions}) x
            WHERE first_peer IS NOT NULL
            """, args, cancellationToken: ct));
        return new InsightReport(weeks, [.. perWeek], [.. perTopic], byFaq, shares.ByPeers, shares.ByTutors, shares.Unanswered, median, shares.ByEarlier);
    }
}
