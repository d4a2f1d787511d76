using Dapper;
using Npgsql;

namespace SupportBot.Shared.Digests;

public sealed record DigestVolunteer(Guid PersonId, string DisplayName, string Email, string Locale, string TimeZone, string[] Topics);

public sealed record OpenQuestion(Guid QuestionId, string Text, string? ModuleTitle, string? ReplyToken);

public sealed record DigestTutor(Guid PersonId, string DisplayName, string Email, string Locale, string ModuleId, string ModuleTitle);

public sealed record ModuleWeek(int Asked, int AnsweredByPeers, int AnsweredByFaq, int Unresolved, int FaqMisses, int SilentLearners)
{
    public bool IsEmpty => Asked + AnsweredByPeers + AnsweredByFaq + Unresolved + FaqMisses + SilentLearners == 0;
}

/// <summary>
/// What the digests report, read (never written) from the tables of routing, the FAQ and people.
/// </summary>
public sealed class DigestStore(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<DigestVolunteer>> ListVolunteersAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<VolunteerRow>(new CommandDefinition("""
            SELECT p.id AS PersonId, p.display_name AS DisplayName, p.email AS Email, p.locale AS Locale, p.time_zone AS TimeZone, v.topics AS Topics
            FROM supportbot.volunteers v JOIN supportbot.people p ON p.id = v.person_id
            WHERE v.revoked_at IS NULL AND p.erased_at IS NULL
            ORDER BY p.id
            """, cancellationToken: ct))).Select(r => new DigestVolunteer(r.PersonId, r.DisplayName, r.Email, r.Locale, r.TimeZone, r.Topics)).ToList();
    }

    /// <summary>Routed or escalated questions in the volunteer's topics that nobody answered, oldest first, with the volunteer's reply token when the question was sent to them.</summary>
    public async Task<IReadOnlyList<OpenQuestion>> OpenQuestionsAsync(Guid personId, string[] topics, int max, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<OpenQuestion>(new CommandDefinition("""
            SELECT q.id AS QuestionId, q.text AS Text, m.title AS ModuleTitle, qr.reply_token AS ReplyToken
            FROM supportbot.questions q
            LEFT JOIN supportbot.modules m ON m.id = q.module_id
            LEFT JOIN supportbot.question_recipients qr ON qr.question_id = q.id AND qr.person_id = @personId
            WHERE q.status IN ('routed', 'escalated') AND q.topic = ANY(@topics) AND q.asker_id IS DISTINCT FROM @personId
              AND NOT EXISTS (SELECT 1 FROM supportbot.answers a WHERE a.question_id = q.id)
            ORDER BY q.created_at
            LIMIT @max
            """, new { personId, topics, max }, cancellationToken: ct))).ToList();
    }

    /// <summary>Distinct learners the person answered since <paramref name="since"/>.</summary>
    public async Task<int> LearnersHelpedAsync(Guid personId, DateTimeOffset since, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition("""
            SELECT count(DISTINCT q.asker_id) FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id
            WHERE a.author_id = @personId AND a.created_at >= @since
            """, new { personId, since = since.UtcDateTime }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<DigestTutor>> ListTutorsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<DigestTutor>(new CommandDefinition("""
            SELECT p.id AS PersonId, p.display_name AS DisplayName, p.email AS Email, p.locale AS Locale, m.id AS ModuleId, m.title AS ModuleTitle
            FROM supportbot.module_tutors t JOIN supportbot.people p ON p.id = t.person_id JOIN supportbot.modules m ON m.id = t.module_id
            WHERE p.erased_at IS NULL
            ORDER BY m.id, p.id
            """, cancellationToken: ct))).ToList();
    }

    /// <summary>A module's week: questions asked, answered by peers, FAQ answers and misses (by its learners), unresolved, silent learners.</summary>
    public async Task<ModuleWeek> ModuleWeekAsync(string moduleId, DateTimeOffset since, DateTimeOffset now, int silentDays, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleAsync<ModuleWeek>(new CommandDefinition("""
            SELECT
              (SELECT count(*)::int FROM supportbot.questions q WHERE q.module_id = @moduleId AND q.created_at >= @since AND q.created_at < @now) AS Asked,
              (SELECT count(DISTINCT a.question_id)::int FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id
                 WHERE q.module_id = @moduleId AND a.created_at >= @since AND a.created_at < @now) AS AnsweredByPeers,
              (SELECT count(*)::int FROM supportbot.faq_queries f JOIN supportbot.enrolments e ON e.person_id = f.person_id AND e.module_id = @moduleId
                 WHERE f.outcome = 'answered' AND f.created_at >= @since AND f.created_at < @now) AS AnsweredByFaq,
              (SELECT count(*)::int FROM supportbot.questions q WHERE q.module_id = @moduleId AND q.status IN ('new', 'routed', 'escalated')) AS Unresolved,
              (SELECT count(*)::int FROM supportbot.faq_queries f JOIN supportbot.enrolments e ON e.person_id = f.person_id AND e.module_id = @moduleId
                 WHERE f.outcome = 'no_match' AND f.created_at >= @since AND f.created_at < @now) AS FaqMisses,
              (SELECT count(*)::int FROM supportbot.enrolments e JOIN supportbot.people p ON p.id = e.person_id AND p.erased_at IS NULL
                 WHERE e.module_id = @moduleId
                   AND COALESCE((SELECT max(cr.last_seen_at) FROM supportbot.conversation_references cr WHERE cr.person_id = p.id), e.enrolled_at) < @silentSince) AS SilentLearners
            """, new { moduleId, since = since.UtcDateTime, now = now.UtcDateTime, silentSince = (now - TimeSpan.FromDays(silentDays)).UtcDateTime }, cancellationToken: ct));
    }

    // Dapper reads text[] into a property, not into a record's constructor.
    private sealed class VolunteerRow
    {
        public Guid PersonId { get; set; }
        public string DisplayName { get; set; } = "";
        public string Email { get; set; } = "";
        public string Locale { get; set; } = "";
        public string TimeZone { get; set; } = "";
        public string[] Topics { get; set; } = [];
    }
}
