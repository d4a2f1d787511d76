using Dapper;
using Npgsql;

namespace SupportBot.Shared.Routing;

/// <param name="ModuleSource">How the module was found (<see cref="ModuleSources"/>).</param>
/// <param name="TopicSource">How the topic was found: "knowledge" (the closest entry), "correction" (a question a tutor corrected, worded like it) or "tutor".</param>
/// <param name="SourceActivityId">The chat activity it was typed in: one question per activity, however often its turn runs.</param>
public sealed record NewQuestion(
    Guid? AskerId, string? ModuleId, string? Topic, string Language, string Text, long? ConversationReferenceId,
    string? ModuleSource = null, string? TopicSource = null, string? SourceActivityId = null);

/// <param name="CreatedAt">UTC, like every time read from the database here.</param>
public sealed record QuestionView(
    Guid Id, Guid? AskerId, string? ModuleId, string? Topic, string Language, string Text, string? Details, string Status,
    long? ConversationReferenceId, int ReopenedCount, DateTime CreatedAt, DateTime? RoutedAt, DateTime? AnsweredAt, DateTime? ResolvedAt);

/// <summary>
/// Owns supportbot.questions: what the chat turns create and move through the lifecycle of
/// <see cref="QuestionStatus"/>. Each transition is one UPDATE guarded by the allowed source
/// states, so concurrent turns and jobs cannot break the state machine. Repeating a transition
/// that already happened (resolving a resolved question, cancelling a cancelled one, reopening a
/// question being routed) is a no-op; any other transition from a wrong state throws
/// <see cref="QuestionStateException"/>, as does an unknown id.
/// </summary>
public sealed class QuestionStore(NpgsqlDataSource db, IRoutingJobs jobs)
{
    internal const string SelectSql = """
        SELECT id AS Id, asker_id AS AskerId, module_id AS ModuleId, topic AS Topic, language AS Language, text AS Text,
               details AS Details, status AS Status, conversation_reference_id AS ConversationReferenceId,
               reopened_count AS ReopenedCount, created_at AS CreatedAt, routed_at AS RoutedAt, answered_at AS AnsweredAt,
               resolved_at AS ResolvedAt
        FROM supportbot.questions
        """;

    /// <summary>
    /// Stores a question in state New; the turn then enqueues RouteQuestionJob with its id. A
    /// question already made from the same activity (its turn ran before) is returned as it is.
    /// </summary>
    public async Task<Guid> CreateAsync(NewQuestion question, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentException.ThrowIfNullOrWhiteSpace(question.Text);
        var language = question.Language.StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "fr";
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, conversation_reference_id, module_source, topic_source, source_activity_id)
            VALUES (@AskerId, @ModuleId, @Topic, @language, @Text, @ConversationReferenceId, @ModuleSource, @TopicSource, @SourceActivityId)
            ON CONFLICT (asker_id, source_activity_id) WHERE source_activity_id IS NOT NULL
            DO UPDATE SET source_activity_id = EXCLUDED.source_activity_id
            RETURNING id
            """, new
            {
                question.AskerId, question.ModuleId, question.Topic, language, question.Text, question.ConversationReferenceId,
                question.ModuleSource, question.TopicSource, question.SourceActivityId,
            },
            cancellationToken: ct));
    }

    /// <summary>The question made from this chat activity, when its turn already ran once.</summary>
    public async Task<QuestionView?> FindFromActivityAsync(Guid askerId, string activityId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<QuestionView>(new CommandDefinition(
            SelectSql + " WHERE asker_id = @askerId AND source_activity_id = @activityId", new { askerId, activityId }, cancellationToken: ct));
    }

    public async Task<QuestionView?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<QuestionView>(new CommandDefinition(SelectSql + " WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>The asker's most recent question that is not finished (new, routed, escalated or answered).</summary>
    public async Task<QuestionView?> FindLatestOpenForAskerAsync(Guid askerId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<QuestionView>(new CommandDefinition(
            SelectSql + " WHERE asker_id = @askerId AND status = ANY(@open) ORDER BY created_at DESC LIMIT 1",
            new { askerId, open = QuestionStatus.Open.ToArray() }, cancellationToken: ct));
    }

    /// <summary>Appends the learner's precisions while the question waits (new, routed, escalated).</summary>
    public async Task AddDetailsAsync(Guid id, string details, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(details);
        await TransitionAsync(id, "add details to", """
            UPDATE supportbot.questions
            SET details = CASE WHEN details IS NULL THEN @details ELSE details || E'\n\n' || @details END
            WHERE id = @id AND status IN ('new', 'routed', 'escalated')
            """, new { id, details }, alreadyDone: null, ct);
    }

    /// <summary>The learner picked the module of their unconfirmed question (a module button). False when it is no longer new.</summary>
    public async Task<bool> SetModuleAsync(Guid id, string moduleId, string source, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleId);
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.questions SET module_id = @moduleId, module_source = @source WHERE id = @id AND status = 'new'
            """, new { id, moduleId, source }, cancellationToken: ct)) == 1;
    }

    /// <summary>
    /// A tutor corrects a question's module and topic: each changed field is kept in
    /// question_corrections (old value, how it had been found, who corrected it) for learning what the
    /// bot gets wrong, and the question takes the new values with source "tutor", so later routing
    /// rounds and escalations go to the corrected module. False when nothing changed.
    /// </summary>
    public async Task<bool> CorrectAsync(Guid id, string moduleId, string? topic, Guid tutorId, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(moduleId);
        topic = string.IsNullOrWhiteSpace(topic) ? null : topic;
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var current = await c.QuerySingleOrDefaultAsync<(string? ModuleId, string? ModuleSource, string? Topic, string? TopicSource)>(new CommandDefinition("""
            SELECT module_id, module_source, topic, topic_source FROM supportbot.questions WHERE id = @id FOR UPDATE
            """, new { id }, tx, cancellationToken: ct));
        if (current == default && !await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.questions WHERE id = @id)", new { id }, tx, cancellationToken: ct)))
        {
            throw new QuestionStateException(id, "correct", null);
        }

        var changes = new List<(string Field, string? Old, string? New, string? OldSource)>();
        if (current.ModuleId != moduleId)
        {
            changes.Add(("module", current.ModuleId, moduleId, current.ModuleSource));
        }

        if (current.Topic != topic)
        {
            changes.Add(("topic", current.Topic, topic, current.TopicSource));
        }

        foreach (var (field, old, value, oldSource) in changes)
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO supportbot.question_corrections (question_id, field, old_value, new_value, old_source, corrected_by)
                VALUES (@id, @field, @old, @value, @oldSource, @tutorId)
                """, new { id, field, old, value, oldSource, tutorId }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition(field == "module"
                ? "UPDATE supportbot.questions SET module_id = @value, module_source = 'tutor' WHERE id = @id"
                : "UPDATE supportbot.questions SET topic = @value, topic_source = 'tutor' WHERE id = @id",
                new { id, value }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return changes.Count > 0;
    }

    /// <summary>Cancels a question nobody has answered yet (new, routed, escalated); pending escalation jobs then do nothing.</summary>
    public Task CancelAsync(Guid id, CancellationToken ct) => TransitionAsync(id, "cancel", """
        UPDATE supportbot.questions SET status = 'cancelled'
        WHERE id = @id AND status IN ('new', 'routed', 'escalated')
        """, new { id }, alreadyDone: QuestionStatus.Cancelled, ct);

    /// <summary>The learner says it is solved (from any state but cancelled); the peers who answered are thanked by email.</summary>
    public async Task MarkResolvedAsync(Guid id, CancellationToken ct)
    {
        if (await TransitionAsync(id, "resolve", """
            UPDATE supportbot.questions SET status = 'resolved', resolved_at = now()
            WHERE id = @id AND status IN ('new', 'routed', 'escalated', 'answered', 'expired')
            """, new { id }, alreadyDone: QuestionStatus.Resolved, ct))
        {
            await MarkLatestAnswerHelpfulAsync(id, helpful: true, ct);
            // After the commit: a crash in between loses a thank-you, never sends one for an unresolved question.
            jobs.ThankPeers(id);
        }
    }

    /// <summary>
    /// The learner says an earlier answer offered before asking peers solves their new question: it is
    /// resolved without being routed, and remembers which answer solved it. Nobody is thanked by email:
    /// the answer's author answered another question.
    /// </summary>
    public Task ResolveWithEarlierAnswerAsync(Guid id, Guid answerId, CancellationToken ct) => TransitionAsync(id, "resolve with an earlier answer", """
        UPDATE supportbot.questions SET status = 'resolved', resolved_at = now(), solved_by_answer_id = @answerId
        WHERE id = @id AND status = 'new'
        """, new { id, answerId }, alreadyDone: QuestionStatus.Resolved, ct);

    /// <summary>
    /// "Still stuck": an answered, resolved, escalated or expired question goes back to Routed for a
    /// new round (reopened_count + 1); the caller then routes it (<see cref="QuestionRouter"/>), which
    /// asks volunteers who have not had it yet, else the tutors.
    /// </summary>
    public async Task ReopenAsync(Guid id, CancellationToken ct)
    {
        if (await TransitionAsync(id, "reopen", """
            UPDATE supportbot.questions
            SET status = 'routed', reopened_count = reopened_count + 1, resolved_at = NULL, routed_at = now()
            WHERE id = @id AND status IN ('answered', 'resolved', 'escalated', 'expired')
            """, new { id }, alreadyDone: QuestionStatus.Routed, ct))
        {
            await MarkLatestAnswerHelpfulAsync(id, helpful: false, ct);
        }
    }

    /// <returns>True when the state changed; false when the call repeated a transition already made.</returns>
    private async Task<bool> TransitionAsync(Guid id, string action, string sql, object args, string? alreadyDone, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        if (await c.ExecuteAsync(new CommandDefinition(sql, args, cancellationToken: ct)) == 1)
        {
            return true;
        }

        var status = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT status FROM supportbot.questions WHERE id = @id", new { id }, cancellationToken: ct));
        return status is not null && status == alreadyDone ? false : throw new QuestionStateException(id, action, status);
    }

    private async Task MarkLatestAnswerHelpfulAsync(Guid id, bool helpful, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.answers SET helpful = @helpful
            WHERE id = (SELECT id FROM supportbot.answers WHERE question_id = @id ORDER BY created_at DESC LIMIT 1)
            """, new { id, helpful }, cancellationToken: ct));
    }
}
