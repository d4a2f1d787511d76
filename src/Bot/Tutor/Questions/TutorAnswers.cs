using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Tutor.Questions;

internal enum TutorAnswerOutcome
{
    Stored,
    NotFound,
    Cancelled,
}

/// <summary>
/// A tutor answers a question from the page: the answer is stored (via 'tutor_page'), the question
/// becomes Answered when it was waiting, and routing's relay job takes the answer to the learner.
/// </summary>
internal sealed class TutorAnswers(NpgsqlDataSource db, IRoutingJobs jobs, TimeProvider clock)
{
    public const int MaxLength = 8000;

    public async Task<(TutorAnswerOutcome Outcome, Guid? AnswerId)> AnswerAsync(TutorScope scope, Guid questionId, string text, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var now = clock.GetUtcNow().UtcDateTime;
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The scope check and the lock in one statement: a question outside the tutor's modules does not exist for them.
        var status = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            $"SELECT status FROM supportbot.questions q WHERE q.id = @questionId AND {TutorScope.Filter("q.module_id")} FOR UPDATE",
            scope.Parameters(new { questionId }), tx, cancellationToken: ct));
        if (status is null)
        {
            return (TutorAnswerOutcome.NotFound, null);
        }

        if (status == QuestionStatus.Cancelled)
        {
            return (TutorAnswerOutcome.Cancelled, null);
        }

        // TODO(#7): move this write into routing's AnswerStore (it owns supportbot.answers) when it offers tutor answers.
        var answerId = await c.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            INSERT INTO supportbot.answers (question_id, author_id, via, text, created_at)
            VALUES (@questionId, @author, 'tutor_page', @text, @now)
            RETURNING id
            """, new { questionId, author = scope.PersonId, text = text.Trim(), now }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.questions SET status = 'answered', answered_at = COALESCE(answered_at, @now)
            WHERE id = @questionId AND status IN ('new', 'routed', 'escalated', 'expired')
            """, new { questionId, now }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        jobs.RelayAnswer(answerId);
        return (TutorAnswerOutcome.Stored, answerId);
    }
}
