using Dapper;
using Npgsql;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Routing;

/// <summary>One person who got the question in a round, for the learner's "I've sent it to..." message.</summary>
/// <param name="Role">"peer", "tutor", or "admin" (a course admin standing in for a module without tutors).</param>
public sealed record RoundRecipient(string Role, string FirstName);

/// <summary>What routing a question really did, so the chat can say it.</summary>
/// <param name="Skipped">Why nothing was sent (closed question, nobody to send it to); null when sent.</param>
/// <param name="NoVolunteerCause">Why no volunteer got it (<see cref="NoVolunteerCauses"/>); null when volunteers did or unknown.</param>
/// <param name="EarlierAnswers">Answers already given to this question (attached to the emails of a reopened question).</param>
public sealed record RoutingReport(
    Guid QuestionId, int Round, string? ModuleTitle, IReadOnlyList<RoundRecipient> Recipients, string? NoVolunteerCause, string? Skipped, int EarlierAnswers)
{
    public IReadOnlyList<RoundRecipient> Peers => [.. Recipients.Where(r => r.Role == "peer")];

    public IReadOnlyList<RoundRecipient> Tutors => [.. Recipients.Where(r => r.Role != "peer")];
}

/// <summary>
/// Routes a question's current round and reports who got it: the policy decides on the module's
/// volunteers (<see cref="RecipientStore.RouteAsync"/>), one send job per recipient and the
/// escalation ladder are enqueued. The chat calls it while the learner waits, so its answer says
/// what really happened; RouteQuestionJob calls it too. Safe to repeat: a round already routed is
/// reported as it is, its sends dedupe in the send log and repeated ladder steps do nothing.
/// </summary>
public sealed class QuestionRouter(RecipientStore recipients, RoutingPolicy policy, IRoutingJobs jobs, NpgsqlDataSource db)
{
    public async Task<RoutingReport> RouteAsync(Guid questionId, CancellationToken ct)
    {
        var outcome = await recipients.RouteAsync(questionId, policy.Decide, ct);
        if (outcome.Skipped is not null)
        {
            return new RoutingReport(questionId, outcome.Round, null, [], null, outcome.Skipped, 0);
        }

        foreach (var recipientId in outcome.RecipientIds)
        {
            jobs.SendQuestion(recipientId);
        }

        jobs.ScheduleEscalation(questionId, outcome.Round, outcome.ToTutors);
        return await ReportAsync(questionId, outcome.Round, ct);
    }

    private async Task<RoutingReport> ReportAsync(Guid questionId, int round, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = (await c.QueryAsync<(string Role, string Name, string? Reason)>(new CommandDefinition("""
            SELECT CASE WHEN r.role = 'tutor' AND NOT EXISTS (SELECT 1 FROM supportbot.module_tutors t
                                                            WHERE t.person_id = r.person_id AND t.module_id = q.module_id)
                        THEN 'admin' ELSE r.role END,
                   p.display_name, r.reason
            FROM supportbot.question_recipients r
            JOIN supportbot.people p ON p.id = r.person_id
            JOIN supportbot.questions q ON q.id = r.question_id
            WHERE r.question_id = @questionId AND r.round = @round
            ORDER BY r.role, p.display_name
            """, new { questionId, round }, cancellationToken: ct))).ToList();
        var (module, answers) = await c.QuerySingleAsync<(string? Module, int Answers)>(new CommandDefinition("""
            SELECT m.title, (SELECT count(*) FROM supportbot.answers a WHERE a.question_id = q.id)::int
            FROM supportbot.questions q LEFT JOIN supportbot.modules m ON m.id = q.module_id WHERE q.id = @questionId
            """, new { questionId }, cancellationToken: ct));
        var cause = rows.Select(r => NoVolunteerCauses.FromReason(r.Reason)).FirstOrDefault(c => c is not null);
        return new RoutingReport(questionId, round, module,
            [.. rows.Select(r => new RoundRecipient(r.Role, QuestionEmails.FirstName(r.Name) ?? r.Name))], cause, null, answers);
    }
}
