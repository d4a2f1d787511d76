using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Tutor.Network;

internal sealed record NetworkNode(Guid Id, string Label, string Role, int AnswersGiven, int QuestionsAsked);

internal sealed record NetworkEdge(Guid Source, Guid Target, int Weight);

internal sealed record Participation(int Learners, int Asked, int Answered, IReadOnlyList<string> Isolated)
{
    public double AskedShare => Learners == 0 ? 0 : (double)Asked / Learners;

    public double AnsweredShare => Learners == 0 ? 0 : (double)Answered / Learners;

    public double IsolatedShare => Learners == 0 ? 0 : (double)Isolated.Count / Learners;
}

internal sealed record HelpGraph(string ModuleId, int Weeks, IReadOnlyList<NetworkNode> Nodes, IReadOnlyList<NetworkEdge> Edges, Participation Participation);

/// <summary>Who helped whom in one module over the last weeks: an edge from the person who answered to the one who asked.</summary>
internal sealed class HelpNetwork(NpgsqlDataSource db, TimeProvider clock)
{
    public static readonly int[] Periods = [4, 8, 16, 52];

    /// <summary>Null when the module lies outside the tutor's scope.</summary>
    public async Task<HelpGraph?> BuildAsync(TutorScope scope, string moduleId, int weeks, CancellationToken ct)
    {
        if (!scope.Allows(moduleId))
        {
            return null;
        }

        weeks = Periods.Contains(weeks) ? weeks : Periods[1];
        var args = scope.Parameters(new { moduleId, since = clock.GetUtcNow().UtcDateTime.AddDays(-7 * weeks) });
        await using var c = await db.OpenConnectionAsync(ct);
        var edges = (await c.QueryAsync<NetworkEdge>(new CommandDefinition($"""
            SELECT a.author_id AS Source, q.asker_id AS Target, count(*)::int AS Weight
            FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id
            WHERE q.module_id = @moduleId AND {TutorScope.Filter("q.module_id")} AND a.created_at >= @since
              AND a.author_id IS NOT NULL AND q.asker_id IS NOT NULL AND a.author_id <> q.asker_id
            GROUP BY a.author_id, q.asker_id
            """, args, cancellationToken: ct))).ToList();
        var nodes = (await c.QueryAsync<NetworkNode>(new CommandDefinition("""
            WITH people_in AS (
                SELECT person_id FROM supportbot.enrolments WHERE module_id = @moduleId
                UNION SELECT a.author_id FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id
                      WHERE q.module_id = @moduleId AND a.created_at >= @since AND a.author_id IS NOT NULL)
            SELECT p.id AS Id, p.display_name AS Label,
                   CASE WHEN EXISTS (SELECT 1 FROM supportbot.module_tutors t WHERE t.person_id = p.id AND t.module_id = @moduleId) THEN 'tutor'
                        WHEN EXISTS (SELECT 1 FROM supportbot.volunteers v WHERE v.person_id = p.id AND v.revoked_at IS NULL) THEN 'volunteer'
                        ELSE 'learner' END AS Role,
                   (SELECT count(*)::int FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id
                    WHERE a.author_id = p.id AND q.module_id = @moduleId AND a.created_at >= @since) AS AnswersGiven,
                   (SELECT count(*)::int FROM supportbot.questions q
                    WHERE q.asker_id = p.id AND q.module_id = @moduleId AND q.created_at >= @since) AS QuestionsAsked
            FROM supportbot.people p JOIN people_in i ON i.person_id = p.id
            WHERE p.erased_at IS NULL
            ORDER BY p.display_name
            """, args, cancellationToken: ct))).ToList();
        var learners = await c.QueryAsync<(Guid Id, string Name)>(new CommandDefinition("""
            SELECT p.id, p.display_name FROM supportbot.enrolments e JOIN supportbot.people p ON p.id = e.person_id
            WHERE e.module_id = @moduleId AND p.erased_at IS NULL ORDER BY p.display_name
            """, args, cancellationToken: ct));
        var known = nodes.Select(n => n.Id).ToHashSet();
        edges = [.. edges.Where(e => known.Contains(e.Source) && known.Contains(e.Target))];
        var byId = nodes.ToDictionary(n => n.Id);
        var enrolled = learners.ToList();
        var participation = new Participation(
            enrolled.Count,
            enrolled.Count(l => byId.TryGetValue(l.Id, out var n) && n.QuestionsAsked > 0),
            enrolled.Count(l => byId.TryGetValue(l.Id, out var n) && n.AnswersGiven > 0),
            [.. enrolled.Where(l => !edges.Any(e => e.Source == l.Id || e.Target == l.Id)).Select(l => l.Name)]);
        return new HelpGraph(moduleId, weeks, nodes, edges, participation);
    }
}
