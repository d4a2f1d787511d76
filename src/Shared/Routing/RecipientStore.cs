using System.Data;
using Dapper;
using Npgsql;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.Shared.Routing;

/// <summary>Everything an email about a question needs, for one recipient.</summary>
public sealed record RecipientMail(
    long RecipientId, Guid QuestionId, Guid PersonId, string Role, string ReplyToken, string? MessageId, int Round,
    string DisplayName, string Email, string Locale, string QuestionText, string? Details, string QuestionStatus,
    int QuestionRound, string? ModuleTitle, string? AskerName, string? Reason = null, string? Topic = null);

/// <summary>The recipient row a reply was matched to.</summary>
/// <param name="SentTexts">The texts of the emails we sent this recipient, one after the other, to recognise their quoted copy.</param>
public sealed record RecipientMatch(long RecipientId, Guid QuestionId, Guid PersonId, string Role, string Email, string SentTexts, DateTime AskedAt);

/// <summary>Someone a tutor may hand a question to: a tutor of its module, or an active volunteer enrolled in it.</summary>
public sealed record AssignablePerson(Guid PersonId, string Name, string Role);

/// <param name="RecipientId">The recipient row to email; null when refused.</param>
/// <param name="AlreadyAsked">The person already had the question in this round (the send log keeps it to one email).</param>
/// <param name="Refused">Why not: "closed" (no longer waiting for an answer) or "not assignable"; null when assigned.</param>
public sealed record AssignOutcome(long? RecipientId, bool AlreadyAsked, string? Refused);

/// <param name="Skipped">Why nothing was routed (the question is closed or already answered); null when routed.</param>
/// <param name="Decision">What the policy decided this time; null when the round was routed before or skipped.</param>
public sealed record RoutingOutcome(int Round, IReadOnlyList<long> RecipientIds, string? Skipped, bool ToTutors, RoutingDecision? Decision = null);

/// <summary>Why a recipient got the question (supportbot.question_recipients.reason), as their email says.</summary>
public static class RecipientReasons
{
    /// <summary>A volunteer of the question's module.</summary>
    public const string Peer = "peer";

    /// <summary>A tutor, because no volunteer was available; the cause follows a slash ("no_volunteer/asleep").</summary>
    public const string NoVolunteer = "no_volunteer";

    /// <summary>A tutor, because nobody answered within Routing:EscalateAfter.</summary>
    public const string Escalation = "escalation";

    /// <summary>A tutor, because the learner is still stuck after the answers given and no other volunteer was available.</summary>
    public const string StillStuck = "still_stuck";

    /// <summary>Chosen by a tutor on the question page.</summary>
    public const string Assigned = "assigned";
}

/// <summary>
/// Owns supportbot.question_recipients: who each question went to, in which round, with which reply
/// token and Message-ID. Reads the volunteers' snapshot the routing policy decides on in the
/// same transaction that records its decision, under the question's row lock.
/// </summary>
public sealed class RecipientStore(NpgsqlDataSource db, TimeProvider clock)
{
    /// <summary>
    /// Routes the question's current round once: under the question's row lock, a round that
    /// already has recipients is returned as it is (the job ran before); otherwise the policy
    /// decides on a fresh snapshot and the recipients are stored with new reply tokens.
    /// </summary>
    public async Task<RoutingOutcome> RouteAsync(Guid questionId, Func<RoutingRequest, IReadOnlyList<PeerCandidate>, IReadOnlyList<Guid>, RoutingDecision> decide, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(decide);
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var q = await c.QuerySingleOrDefaultAsync<(string Status, int Round, Guid? AskerId, string? ModuleId, string? Topic)>(new CommandDefinition("""
            SELECT status, reopened_count, asker_id, module_id, topic FROM supportbot.questions WHERE id = @questionId FOR UPDATE
            """, new { questionId }, tx, cancellationToken: ct));
        if (q.Status is null)
        {
            return new RoutingOutcome(0, [], "no such question", false);
        }

        if (!QuestionStatus.Waiting.Contains(q.Status))
        {
            return new RoutingOutcome(q.Round, [], $"question is {q.Status}", false);
        }

        var existing = (await c.QueryAsync<long>(new CommandDefinition("""
            SELECT id FROM supportbot.question_recipients WHERE question_id = @questionId AND round = @Round ORDER BY id
            """, new { questionId, q.Round }, tx, cancellationToken: ct))).ToList();
        if (existing.Count > 0)
        {
            return new RoutingOutcome(q.Round, existing, null, false);
        }

        var candidates = await LoadCandidatesAsync(c, tx, questionId, q.ModuleId, ct);
        var tutors = await LoadTutorsAsync(c, tx, q.ModuleId, ct);
        var decision = decide(new RoutingRequest(q.AskerId, q.Topic), candidates, tutors);
        var ids = new List<long>();
        foreach (var peer in decision.Peers)
        {
            ids.Add(await AddRecipientAsync(c, tx, questionId, peer, "peer", q.Round, RecipientReasons.Peer, ct));
        }

        var tutorReason = q.Round > 0 ? RecipientReasons.StillStuck : RecipientReasons.NoVolunteer + "/" + NoVolunteerCauses.Of(decision);
        foreach (var tutor in decision.Tutors)
        {
            ids.Add(await AddRecipientAsync(c, tx, questionId, tutor, "tutor", q.Round, tutorReason, ct));
        }

        var toTutors = decision.Peers.Count == 0 && decision.Tutors.Count > 0;
        if (ids.Count > 0)
        {
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE supportbot.questions
                SET status = CASE WHEN @toTutors THEN 'escalated' ELSE 'routed' END,
                    routed_at = COALESCE(CASE WHEN status = 'new' THEN NULL ELSE routed_at END, @now),
                    escalated_at = CASE WHEN @toTutors THEN @now ELSE escalated_at END
                WHERE id = @questionId
                """, new { questionId, toTutors, now = Now }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return new RoutingOutcome(q.Round, ids, ids.Count == 0 ? "nobody to route to" : null, toTutors, decision);
    }

    /// <summary>
    /// Who a tutor may hand this question to, tutors first: never the asker, never a paused,
    /// revoked or erased volunteer, never someone outside the question's module.
    /// </summary>
    public async Task<IReadOnlyList<AssignablePerson>> ListAssignableAsync(Guid questionId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<AssignablePerson>(new CommandDefinition(AssignableSql,
            new { questionId, today = DateOnly.FromDateTime(Now) }, cancellationToken: ct))];
    }

    /// <summary>
    /// A tutor hands the waiting question to one person they chose: under the question's row lock,
    /// the person must still be assignable; they become a recipient of the current round with their
    /// own reply token (kept if they were asked in an earlier round). Asked again in the same round,
    /// the existing row is returned untouched, so its email's send-log key stays the same.
    /// </summary>
    public async Task<AssignOutcome> AssignAsync(Guid questionId, Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var q = await c.QuerySingleOrDefaultAsync<(string Status, int Round)>(new CommandDefinition("""
            SELECT status, reopened_count FROM supportbot.questions WHERE id = @questionId FOR UPDATE
            """, new { questionId }, tx, cancellationToken: ct));
        if (q.Status is null || !QuestionStatus.Waiting.Contains(q.Status))
        {
            return new AssignOutcome(null, false, "closed");
        }

        var person = (await c.QueryAsync<AssignablePerson>(new CommandDefinition(AssignableSql,
            new { questionId, today = DateOnly.FromDateTime(Now) }, tx, cancellationToken: ct))).FirstOrDefault(p => p.PersonId == personId);
        if (person is null)
        {
            return new AssignOutcome(null, false, "not assignable");
        }

        var id = await c.ExecuteScalarAsync<long?>(new CommandDefinition("""
            INSERT INTO supportbot.question_recipients AS r (question_id, person_id, role, reply_token, round, asked_at, reason)
            VALUES (@questionId, @personId, @role, @token, @round, @now, 'assigned')
            ON CONFLICT (question_id, person_id) DO UPDATE SET round = excluded.round, asked_at = excluded.asked_at, reminded_at = NULL,
                reason = excluded.reason
            WHERE r.round <> excluded.round
            RETURNING id
            """, new { questionId, personId, role = person.Role, token = ReplyTokens.New(), round = q.Round, now = Now }, tx, cancellationToken: ct));
        var already = id is null;
        id ??= await c.ExecuteScalarAsync<long>(new CommandDefinition(
            "SELECT id FROM supportbot.question_recipients WHERE question_id = @questionId AND person_id = @personId",
            new { questionId, personId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new AssignOutcome(id, already, null);
    }

    /// <summary>
    /// The tutor step of the ladder: a question of this round still Routed goes to its module's
    /// tutors (or the admins when the module has none) and becomes Escalated. Returns the new
    /// recipient ids; none when the step is stale or already done.
    /// </summary>
    public async Task<IReadOnlyList<long>> EscalateAsync(Guid questionId, int round, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var q = await c.QuerySingleOrDefaultAsync<(string Status, int Round, Guid? AskerId, string? ModuleId)>(new CommandDefinition("""
            SELECT status, reopened_count, asker_id, module_id FROM supportbot.questions WHERE id = @questionId FOR UPDATE
            """, new { questionId }, tx, cancellationToken: ct));
        if (q.Status != QuestionStatus.Routed || q.Round != round)
        {
            return [];
        }

        var ids = new List<long>();
        foreach (var tutor in (await LoadTutorsAsync(c, tx, q.ModuleId, ct)).Where(t => t != q.AskerId))
        {
            var id = await c.ExecuteScalarAsync<long?>(new CommandDefinition("""
                INSERT INTO supportbot.question_recipients (question_id, person_id, role, reply_token, round, asked_at, reason)
                VALUES (@questionId, @tutor, 'tutor', @token, @round, @now, 'escalation')
                ON CONFLICT (question_id, person_id) DO NOTHING
                RETURNING id
                """, new { questionId, tutor, token = ReplyTokens.New(), round, now = Now }, tx, cancellationToken: ct));
            if (id is { } added)
            {
                ids.Add(added);
            }
        }

        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.questions SET status = 'escalated', escalated_at = @now WHERE id = @questionId
            """, new { questionId, now = Now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return ids;
    }

    /// <summary>The last step: a question of this round nobody answered expires. False when stale.</summary>
    public async Task<bool> ExpireAsync(Guid questionId, int round, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.questions SET status = 'expired', expired_at = @now
            WHERE id = @questionId AND reopened_count = @round AND status IN ('routed', 'escalated')
            """, new { questionId, round, now = Now }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// Waiting questions whose current round has a recipient chosen more than <paramref name="olderThan"/>
    /// ago whose email was never even attempted (no send-log row): the process that routed them died
    /// before its send jobs were enqueued.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ListRoutedButNeverSentAsync(TimeSpan olderThan, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<Guid>(new CommandDefinition($"""
            SELECT DISTINCT q.id FROM supportbot.questions q
            JOIN supportbot.question_recipients r ON r.question_id = q.id AND r.round = q.reopened_count
            WHERE q.status IN ('routed', 'escalated') AND r.asked_at < now() - @olderThan
              AND NOT EXISTS (SELECT 1 FROM supportbot.send_log s
                              WHERE s.key = {RoutingSendKeys.Sql.Ask("q.id", "r.person_id", "r.round")})
            LIMIT 500
            """, new { olderThan }, cancellationToken: ct))];
    }

    public async Task<RecipientMail?> FindMailAsync(long recipientId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<RecipientMail>(new CommandDefinition(MailSql + " WHERE r.id = @recipientId",
            new { recipientId }, cancellationToken: ct));
    }

    /// <summary>The recipient a reply token names, for the question page its email links to.</summary>
    public async Task<RecipientMail?> FindMailByTokenAsync(string token, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<RecipientMail>(new CommandDefinition(MailSql + " WHERE r.reply_token = @token",
            new { token }, cancellationToken: ct));
    }

    /// <summary>Recipients of this round who have not answered yet (a reminder goes to them).</summary>
    public async Task<IReadOnlyList<RecipientMail>> ListUnansweredAsync(Guid questionId, int round, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<RecipientMail>(new CommandDefinition(
            MailSql + " WHERE r.question_id = @questionId AND r.round = @round AND r.answered_at IS NULL ORDER BY r.id",
            new { questionId, round }, cancellationToken: ct))).ToList();
    }

    /// <summary>Records the Message-ID before sending, so a reply threading on it matches even if we crash after the send.</summary>
    public async Task SetMessageIdAsync(long recipientId, string messageId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.question_recipients SET message_id = @messageId WHERE id = @recipientId",
            new { recipientId, messageId }, cancellationToken: ct));
    }

    /// <summary>Keeps the texts of an email sent to the recipient (before it leaves), once each.</summary>
    public async Task RecordSentTextsAsync(long recipientId, IReadOnlyList<string> texts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(texts);
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            """
            UPDATE supportbot.question_recipients
            SET sent_texts = sent_texts || ARRAY(SELECT t FROM unnest(@texts::text[]) t WHERE NOT t = ANY (sent_texts))
            WHERE id = @recipientId
            """,
            new { recipientId, texts = texts.ToArray() }, cancellationToken: ct));
    }

    public async Task MarkRemindedAsync(long recipientId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.question_recipients SET reminded_at = @now WHERE id = @recipientId",
            new { recipientId, now = Now }, cancellationToken: ct));
    }

    public async Task<RecipientMatch?> FindByTokenAsync(string token, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<RecipientMatch>(new CommandDefinition(MatchSql + " WHERE r.reply_token = @token",
            new { token }, cancellationToken: ct));
    }

    /// <summary>The recipient whose email one of these Message-IDs names (In-Reply-To first, then References newest first).</summary>
    public async Task<RecipientMatch?> FindByMessageIdsAsync(IReadOnlyList<string> messageIds, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        foreach (var messageId in messageIds)
        {
            if (await c.QuerySingleOrDefaultAsync<RecipientMatch>(new CommandDefinition(MatchSql + " WHERE r.message_id = @messageId",
                new { messageId }, cancellationToken: ct)) is { } match)
            {
                return match;
            }
        }

        return null;
    }

    /// <summary>People who answered the question by email (for the thank-you), once each.</summary>
    public async Task<IReadOnlyList<RecipientMail>> ListAnsweredAsync(Guid questionId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<RecipientMail>(new CommandDefinition(
            MailSql + " WHERE r.question_id = @questionId AND r.answered_at IS NOT NULL ORDER BY r.id",
            new { questionId }, cancellationToken: ct))).ToList();
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The volunteers of the question's module: enrolled in it, or alumni of it. A question without a module has none.</summary>
    private async Task<IReadOnlyList<PeerCandidate>> LoadCandidatesAsync(NpgsqlConnection c, IDbTransaction tx, Guid questionId, string? moduleId, CancellationToken ct)
    {
        var rows = await c.QueryAsync<CandidateRow>(new CommandDefinition($"""
            SELECT p.id AS PersonId, p.time_zone AS TimeZone, v.topics AS Topics, v.max_questions_week AS MaxQuestionsPerWeek,
                   v.quiet_from AS QuietFrom, v.quiet_until AS QuietUntil, v.paused_until AS PausedUntil,
                   v.revoked_at IS NOT NULL AS Revoked,
                   EXISTS (SELECT 1 FROM supportbot.email_preferences ep
                           WHERE ep.person_id = p.id AND ep.category = 'routed_questions') AS OptedOut,
                   EXISTS (SELECT 1 FROM supportbot.email_bounces b
                           WHERE b.email = lower(p.email) AND {Email.EmailBounces.BouncingCondition}) AS Bouncing,
                   (SELECT count(*) FROM supportbot.question_recipients r JOIN supportbot.questions q ON q.id = r.question_id
                    WHERE r.person_id = p.id AND r.answered_at IS NULL AND q.status IN ('new', 'routed', 'escalated'))::int AS OpenQuestions,
                   (SELECT count(*) FROM supportbot.question_recipients r
                    WHERE r.person_id = p.id AND r.asked_at > @weekAgo)::int AS QuestionsLast7Days,
                   (SELECT max(r.asked_at) FROM supportbot.question_recipients r WHERE r.person_id = p.id) AS LastAskedAt,
                   EXISTS (SELECT 1 FROM supportbot.question_recipients r
                           WHERE r.person_id = p.id AND r.question_id = @questionId) AS AlreadyAsked
            FROM supportbot.volunteers v JOIN supportbot.people p ON p.id = v.person_id
            WHERE p.erased_at IS NULL
              AND (EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = p.id AND e.module_id = @moduleId)
                   OR EXISTS (SELECT 1 FROM supportbot.module_alumni al WHERE al.person_id = p.id AND al.module_id = @moduleId))
            """, new { questionId, moduleId, weekAgo = Now.AddDays(-7) }, tx, cancellationToken: ct));
        return rows.Select(r => new PeerCandidate(
            r.PersonId, r.TimeZone, r.Topics, r.MaxQuestionsPerWeek, r.QuietFrom, r.QuietUntil, r.PausedUntil, r.Revoked, r.OptedOut,
            r.Bouncing, r.OpenQuestions, r.QuestionsLast7Days, r.LastAskedAt, r.AlreadyAsked)).ToList();
    }

    /// <summary>The module's tutors; the admins when it has none (or the question has no module), so nobody is left unanswered.</summary>
    private static async Task<IReadOnlyList<Guid>> LoadTutorsAsync(NpgsqlConnection c, IDbTransaction tx, string? moduleId, CancellationToken ct) =>
        (await c.QueryAsync<Guid>(new CommandDefinition("""
            WITH tutors AS (
                SELECT t.person_id AS id FROM supportbot.module_tutors t JOIN supportbot.people p ON p.id = t.person_id
                WHERE t.module_id = @moduleId AND p.erased_at IS NULL)
            SELECT id FROM tutors
            UNION ALL
            SELECT id FROM supportbot.people WHERE is_admin AND erased_at IS NULL AND NOT EXISTS (SELECT 1 FROM tutors)
            """, new { moduleId }, tx, cancellationToken: ct))).Distinct().ToList();

    private async Task<long> AddRecipientAsync(NpgsqlConnection c, IDbTransaction tx, Guid questionId, Guid personId, string role, int round, string reason, CancellationToken ct) =>
        // A tutor asked in an earlier round is asked again in this one, keeping their reply token.
        await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO supportbot.question_recipients AS r (question_id, person_id, role, reply_token, round, asked_at, reason)
            VALUES (@questionId, @personId, @role, @token, @round, @now, @reason)
            ON CONFLICT (question_id, person_id) DO UPDATE SET round = excluded.round, asked_at = excluded.asked_at, reminded_at = NULL,
                reason = excluded.reason
            RETURNING id
            """, new { questionId, personId, role, token = ReplyTokens.New(), round, now = Now, reason }, tx, cancellationToken: ct));

    // A tutor of the module who also volunteers is listed once, as a tutor. A question without a module has nobody.
    private const string AssignableSql = """
        WITH q AS (SELECT module_id, asker_id FROM supportbot.questions WHERE id = @questionId)
        SELECT p.id AS PersonId, p.display_name AS Name, 'tutor' AS Role
        FROM q JOIN supportbot.module_tutors t ON t.module_id = q.module_id JOIN supportbot.people p ON p.id = t.person_id
        WHERE p.erased_at IS NULL AND p.id IS DISTINCT FROM q.asker_id
        UNION ALL
        SELECT p.id, p.display_name, 'peer'
        FROM q JOIN supportbot.enrolments e ON e.module_id = q.module_id
        JOIN supportbot.volunteers v ON v.person_id = e.person_id JOIN supportbot.people p ON p.id = v.person_id
        WHERE p.erased_at IS NULL AND p.id IS DISTINCT FROM q.asker_id AND v.revoked_at IS NULL
          AND (v.paused_until IS NULL OR v.paused_until < @today)
          AND NOT EXISTS (SELECT 1 FROM supportbot.module_tutors t WHERE t.person_id = p.id AND t.module_id = q.module_id)
        ORDER BY Role DESC, Name
        """;

    private const string MailSql = """
        SELECT r.id AS RecipientId, r.question_id AS QuestionId, r.person_id AS PersonId, r.role AS Role, r.reply_token AS ReplyToken,
               r.message_id AS MessageId, r.round AS Round, p.display_name AS DisplayName, p.email AS Email, p.locale AS Locale,
               q.text AS QuestionText, q.details AS Details, q.status AS QuestionStatus, q.reopened_count AS QuestionRound,
               m.title AS ModuleTitle, a.display_name AS AskerName, r.reason AS Reason, q.topic AS Topic
        FROM supportbot.question_recipients r
        JOIN supportbot.people p ON p.id = r.person_id
        JOIN supportbot.questions q ON q.id = r.question_id
        LEFT JOIN supportbot.modules m ON m.id = q.module_id
        LEFT JOIN supportbot.people a ON a.id = q.asker_id
        """;

    private const string MatchSql = """
        SELECT r.id AS RecipientId, r.question_id AS QuestionId, r.person_id AS PersonId, r.role AS Role, p.email AS Email,
               array_to_string(r.sent_texts, E'\n\n') AS SentTexts, r.asked_at AS AskedAt
        FROM supportbot.question_recipients r JOIN supportbot.people p ON p.id = r.person_id
        """;

    private sealed class CandidateRow
    {
        public Guid PersonId { get; set; }

        public string TimeZone { get; set; } = "";

        public string[] Topics { get; set; } = [];

        public int MaxQuestionsPerWeek { get; set; }

        public TimeOnly? QuietFrom { get; set; }

        public TimeOnly? QuietUntil { get; set; }

        public DateOnly? PausedUntil { get; set; }

        public bool Revoked { get; set; }

        public bool OptedOut { get; set; }

        public bool Bouncing { get; set; }

        public int OpenQuestions { get; set; }

        public int QuestionsLast7Days { get; set; }

        public DateTime? LastAskedAt { get; set; }

        public bool AlreadyAsked { get; set; }
    }
}
