using System.Text.Json;
using Dapper;
using Npgsql;

namespace SupportBot.Shared.Routing;

/// <summary>An image of an answer: an upload of the learner's web chat, or the bytes themselves (base64) for other channels.</summary>
/// <param name="Bytes">Its size; null in answers stored before it was recorded.</param>
/// <param name="TooLarge">Too large to keep (over the reader's limit): only its name and size are known, the sender has it.</param>
public sealed record AnswerImage(string FileName, string ContentType, string? UploadId, string? Data, long? Bytes = null, bool TooLarge = false);

public sealed record NewAnswer(Guid QuestionId, Guid AuthorId, long RecipientId, string Text, IReadOnlyList<AnswerImage> Images, string SourceMessageId, string? FromAddress);

/// <param name="Relay">The question was waiting or answered: relay this answer to the learner.</param>
public sealed record StoredAnswer(Guid AnswerId, bool Relay);

/// <summary>What the relay and the email copy need about one answer.</summary>
public sealed record AnswerRelay(
    Guid AnswerId, Guid QuestionId, string Text, string ImagesJson, string? AuthorName, string? AuthorRole, string Language,
    long? ConversationReferenceId, Guid? AskerId, string? AskerName, string? AskerEmail, string? AskerLocale, string QuestionText,
    string QuestionStatus, DateTime? RelayedAt)
{
    public IReadOnlyList<AnswerImage> Images => JsonSerializer.Deserialize<List<AnswerImage>>(ImagesJson, JsonSerializerOptions.Web) ?? [];
}

/// <summary>An answer already given to a question, as the next recipient's email shows it.</summary>
/// <param name="ToSimilarQuestion">An earlier question's answer the bot offered and the learner found not enough ("ask peers anyway").</param>
public sealed record EarlierAnswer(string? AuthorName, string AuthorRole, string Text, DateTime CreatedAt, bool ToSimilarQuestion = false);

public enum TutorAnswerOutcome
{
    Stored,
    NotFound,
    Cancelled,
}

/// <summary>A reply from someone the question was not sent to, waiting for a tutor (the new text only, quotes trimmed).</summary>
public sealed record HeldReply(Guid Id, Guid QuestionId, string? ModuleId, string QuestionText, string? AskerName, string FromAddress, string Text, DateTime HeldAt, string Reason, string? Detail)
{
    /// <summary>Only a reply whose text was read can be relayed; an unreadable one is opened in the mailbox.</summary>
    public bool CanRelay => Reason != HeldReasons.Unreadable && !string.IsNullOrWhiteSpace(Text);
}

/// <summary>Why the inbox held a reply for a tutor instead of relaying it.</summary>
public static class HeldReasons
{
    /// <summary>The sender is not someone the question was sent to.</summary>
    public const string NotRecipient = "not_recipient";

    /// <summary>The sender's domain failed DMARC at our receiving server: the From may be forged.</summary>
    public const string DmarcFail = "dmarc_fail";

    /// <summary>The reader could not read it safely (size, nesting); the detail says why.</summary>
    public const string Unreadable = "unreadable";

    /// <summary>The reply address is older than Routing:ReplyTokenLifetime: whoever holds it now may not be the one we asked.</summary>
    public const string TokenExpired = "token_expired";
}

/// <summary>
/// Owns supportbot.answers, inbound_mail and held_replies: every received message once (by
/// Message-ID), and what became of it, written in one transaction with its effect so a
/// redelivered message is neither lost nor ingested twice.
/// </summary>
public sealed class AnswerStore(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<bool> HasSeenAsync(string messageId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.inbound_mail WHERE message_id = @messageId)", new { messageId }, cancellationToken: ct));
    }

    /// <summary>Records a message that needs nothing else (auto-reply, bounce, own, unmatched); false when already recorded.</summary>
    public async Task<bool> RecordAsync(string messageId, string? fromAddress, string kind, Guid? questionId, string? detail, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await RecordAsync(c, null, messageId, fromAddress, kind, questionId, detail, ct);
    }

    /// <summary>
    /// Stores an answer by email with its inbound record, marks the recipient as having answered
    /// and the question Answered (when it was waiting). Null when the message was already ingested.
    /// </summary>
    public async Task<StoredAnswer?> StoreAnswerAsync(NewAnswer answer, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(answer);
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (!await RecordAsync(c, tx, answer.SourceMessageId, answer.FromAddress, "answer", answer.QuestionId, null, ct))
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var id = await c.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            INSERT INTO supportbot.answers (question_id, author_id, via, text, images, source_message_id, created_at)
            VALUES (@QuestionId, @AuthorId, 'email', @Text, @images::jsonb, @SourceMessageId, @now)
            ON CONFLICT (source_message_id) DO NOTHING
            RETURNING id
            """, new { answer.QuestionId, answer.AuthorId, answer.Text, images = JsonSerializer.Serialize(answer.Images, JsonSerializerOptions.Web), answer.SourceMessageId, now },
            tx, cancellationToken: ct));
        if (id is null)
        {
            return null;
        }

        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.question_recipients SET answered_at = COALESCE(answered_at, @now) WHERE id = @RecipientId
            """, new { answer.RecipientId, now }, tx, cancellationToken: ct));
        var relay = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.questions SET status = 'answered', answered_at = COALESCE(answered_at, @now)
            WHERE id = @QuestionId AND status IN ('new', 'routed', 'escalated', 'expired', 'answered')
            """, new { answer.QuestionId, now }, tx, cancellationToken: ct)) == 1;
        await tx.CommitAsync(ct);
        return new StoredAnswer(id.Value, relay);
    }

    /// <summary>A reply from someone the question did not go to, kept for a tutor to decide. False when already held.</summary>
    /// <param name="text">The reply as read, exactly what a tutor may relay (empty when unreadable).</param>
    /// <param name="reason">One of <see cref="HeldReasons"/>.</param>
    public async Task<bool> HoldAsync(Guid questionId, string fromAddress, string text, string reason, string? detail, string messageId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        if (!await RecordAsync(c, tx, messageId, fromAddress, "held", questionId, detail is null ? reason : $"{reason}: {detail}", ct))
        {
            return false;
        }

        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.held_replies (question_id, from_address, text, message_id, reason, detail)
            VALUES (@questionId, @fromAddress, @text, @messageId, @reason, @detail)
            ON CONFLICT (message_id) DO NOTHING
            """, new { questionId, fromAddress, text, messageId, reason, detail }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Held replies no tutor has decided on yet, oldest first; <paramref name="moduleIds"/> null = every module.</summary>
    public async Task<IReadOnlyList<HeldReply>> ListHeldAsync(IReadOnlyCollection<string>? moduleIds, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<HeldReply>(new CommandDefinition($"""
            {SelectHeld}
            WHERE h.decided_at IS NULL AND (@all OR q.module_id = ANY(@modules))
            ORDER BY h.held_at, h.id
            """, new { all = moduleIds is null, modules = (moduleIds ?? []).ToArray() }, cancellationToken: ct))];
    }

    public async Task<HeldReply?> FindHeldAsync(Guid heldId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<HeldReply>(new CommandDefinition(
            SelectHeld + " WHERE h.id = @heldId", new { heldId }, cancellationToken: ct));
    }

    /// <summary>
    /// A tutor accepts a held reply: it becomes the question's answer by email (credited to the
    /// sender when their address is a known person's), the question becomes Answered when it was
    /// waiting, and the reply is marked accepted, in one transaction. Null when it was decided already.
    /// </summary>
    public async Task<StoredAnswer?> AcceptHeldAsync(Guid heldId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var held = await c.QuerySingleOrDefaultAsync<(Guid QuestionId, string FromAddress, string Text, string MessageId)>(new CommandDefinition("""
            SELECT question_id, from_address, text, message_id FROM supportbot.held_replies WHERE id = @heldId AND decided_at IS NULL FOR UPDATE
            """, new { heldId }, tx, cancellationToken: ct));
        if (held.MessageId is null)
        {
            return null;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var id = await c.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            INSERT INTO supportbot.answers (question_id, author_id, via, text, source_message_id, created_at)
            VALUES (@QuestionId, (SELECT id FROM supportbot.people WHERE lower(email) = lower(@FromAddress) AND erased_at IS NULL LIMIT 1),
                    'email', @Text, @MessageId, @now)
            RETURNING id
            """, new { held.QuestionId, held.FromAddress, held.Text, held.MessageId, now }, tx, cancellationToken: ct));
        var relay = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.questions SET status = 'answered', answered_at = COALESCE(answered_at, @now)
            WHERE id = @QuestionId AND status IN ('new', 'routed', 'escalated', 'expired', 'answered')
            """, new { held.QuestionId, now }, tx, cancellationToken: ct)) == 1;
        await DecideHeldAsync(c, tx, heldId, "accepted", now, ct);
        await tx.CommitAsync(ct);
        return new StoredAnswer(id, relay);
    }

    /// <summary>A tutor discards a held reply; false when it was decided already.</summary>
    public async Task<bool> RejectHeldAsync(Guid heldId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await DecideHeldAsync(c, null, heldId, "rejected", clock.GetUtcNow().UtcDateTime, ct);
    }

    /// <summary>
    /// A tutor's answer typed on the tutor pages, for a question whose scope the caller has checked:
    /// stored (via 'tutor_page') and the question Answered when it was waiting. Null when the
    /// question does not exist or the learner cancelled it.
    /// </summary>
    public async Task<(TutorAnswerOutcome Outcome, Guid? AnswerId)> StoreTutorAnswerAsync(Guid questionId, Guid tutorId, string text, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var status = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM supportbot.questions WHERE id = @questionId FOR UPDATE", new { questionId }, tx, cancellationToken: ct));
        if (status is null || status == QuestionStatus.Cancelled)
        {
            return (status is null ? TutorAnswerOutcome.NotFound : TutorAnswerOutcome.Cancelled, null);
        }

        var answerId = await c.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            INSERT INTO supportbot.answers (question_id, author_id, via, text, created_at)
            VALUES (@questionId, @tutorId, 'tutor_page', @text, @now)
            RETURNING id
            """, new { questionId, tutorId, text = text.Trim(), now }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.questions SET status = 'answered', answered_at = COALESCE(answered_at, @now)
            WHERE id = @questionId AND status IN ('new', 'routed', 'escalated', 'expired')
            """, new { questionId, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return (TutorAnswerOutcome.Stored, answerId);
    }

    /// <summary>The answer ingested from this message that was not relayed yet, to resume after a crash.</summary>
    public async Task<Guid?> FindUnrelayedAsync(string sourceMessageId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            SELECT a.id FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id
            WHERE a.source_message_id = @sourceMessageId AND a.relayed_at IS NULL AND q.status = 'answered'
            """, new { sourceMessageId }, cancellationToken: ct));
    }

    /// <summary>
    /// Answers stored for a waiting learner whose relay never started (no chat send and no email
    /// copy in the send log): the host died between storing the answer and enqueueing its relay.
    /// Keys as in <see cref="RoutingSendKeys"/>. Only the last two days: older ones are for a tutor to see, not to send out of the blue.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> ListStoredButNeverRelayedAsync(TimeSpan olderThan, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<Guid>(new CommandDefinition($"""
            SELECT a.id FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id
            WHERE q.status = 'answered' AND a.relayed_at IS NULL
              AND a.created_at < now() - @olderThan AND a.created_at > now() - interval '2 days'
              AND NOT EXISTS (SELECT 1 FROM supportbot.send_log s
                              WHERE s.key IN ({RoutingSendKeys.Sql.AnswerChat("a.id")}, {RoutingSendKeys.Sql.AnswerEmail("a.id")}))
            LIMIT 500
            """, new { olderThan }, cancellationToken: ct))];
    }

    public async Task<AnswerRelay?> FindForRelayAsync(Guid answerId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<AnswerRelay>(new CommandDefinition("""
            SELECT a.id AS AnswerId, a.question_id AS QuestionId, a.text AS Text, a.images::text AS ImagesJson,
                   au.display_name AS AuthorName,
                   (SELECT r.role FROM supportbot.question_recipients r WHERE r.question_id = a.question_id AND r.person_id = a.author_id) AS AuthorRole,
                   q.language AS Language, q.conversation_reference_id AS ConversationReferenceId, q.asker_id AS AskerId,
                   ask.display_name AS AskerName, ask.email AS AskerEmail, ask.locale AS AskerLocale, q.text AS QuestionText,
                   q.status AS QuestionStatus, a.relayed_at AS RelayedAt
            FROM supportbot.answers a
            JOIN supportbot.questions q ON q.id = a.question_id
            LEFT JOIN supportbot.people au ON au.id = a.author_id
            LEFT JOIN supportbot.people ask ON ask.id = q.asker_id
            WHERE a.id = @answerId
            """, new { answerId }, cancellationToken: ct));
    }

    /// <summary>
    /// The answers already given to a question, oldest first, for the emails of a reopened or escalated
    /// question; first the earlier questions' answers the bot offered and the learner passed over ("ask
    /// peers anyway"), so nobody sends those again.
    /// </summary>
    public async Task<IReadOnlyList<EarlierAnswer>> ListEarlierAsync(Guid questionId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<EarlierAnswer>(new CommandDefinition("""
            SELECT au.display_name AS AuthorName,
                   COALESCE((SELECT r.role FROM supportbot.question_recipients r WHERE r.question_id = a.question_id AND r.person_id = a.author_id),
                            CASE WHEN a.via = 'tutor_page' THEN 'tutor' ELSE 'peer' END) AS AuthorRole,
                   a.text AS Text, a.created_at AS CreatedAt, a.question_id <> @questionId AS ToSimilarQuestion
            FROM supportbot.answers a LEFT JOIN supportbot.people au ON au.id = a.author_id
            WHERE a.question_id = @questionId
               OR a.id IN (SELECT o.answer_id FROM supportbot.similar_answer_offers o WHERE o.question_id = @questionId AND o.outcome = 'asked_peers')
            ORDER BY a.question_id = @questionId, a.created_at, a.id
            """, new { questionId }, cancellationToken: ct))];
    }

    public async Task MarkRelayedAsync(Guid answerId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.answers SET relayed_at = COALESCE(relayed_at, @now) WHERE id = @answerId",
            new { answerId, now = clock.GetUtcNow().UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>
    /// Whether the learner came back to the chat after the answer was relayed: a turn in any of
    /// their conversations (conversation_references.last_seen_at) or a message in the web chat
    /// (directline_conversations.last_user_activity_at). Read here, beside the answer, in one query.
    /// </summary>
    public async Task<bool> HasLearnerBeenBackAsync(Guid answerId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (
                SELECT 1 FROM supportbot.answers a
                JOIN supportbot.questions q ON q.id = a.question_id
                JOIN supportbot.conversation_references cr ON cr.id = q.conversation_reference_id OR cr.person_id = q.asker_id
                LEFT JOIN supportbot.directline_conversations dc ON cr.channel_id = 'directline' AND dc.id = cr.conversation_id
                WHERE a.id = @answerId AND a.relayed_at IS NOT NULL
                  AND (cr.last_seen_at > a.relayed_at OR dc.last_user_activity_at > a.relayed_at))
            """, new { answerId }, cancellationToken: ct));
    }

    private const string SelectHeld = """
        SELECT h.id AS Id, h.question_id AS QuestionId, q.module_id AS ModuleId, q.text AS QuestionText, ask.display_name AS AskerName,
               h.from_address AS FromAddress, h.text AS Text, h.held_at AS HeldAt, h.reason AS Reason, h.detail AS Detail
        FROM supportbot.held_replies h
        JOIN supportbot.questions q ON q.id = h.question_id
        LEFT JOIN supportbot.people ask ON ask.id = q.asker_id
        """;

    private static async Task<bool> DecideHeldAsync(NpgsqlConnection c, NpgsqlTransaction? tx, Guid heldId, string decision, DateTime now, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.held_replies SET decided_at = @now, decision = @decision WHERE id = @heldId AND decided_at IS NULL",
            new { heldId, decision, now }, tx, cancellationToken: ct)) == 1;

    private static async Task<bool> RecordAsync(
        NpgsqlConnection c, NpgsqlTransaction? tx, string messageId, string? fromAddress, string kind, Guid? questionId, string? detail, CancellationToken ct) =>
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.inbound_mail (message_id, from_address, kind, question_id, detail)
            VALUES (@messageId, @fromAddress, @kind, @questionId, @detail)
            ON CONFLICT (message_id) DO NOTHING
            """, new { messageId, fromAddress, kind, questionId, detail }, tx, cancellationToken: ct)) == 1;
}
