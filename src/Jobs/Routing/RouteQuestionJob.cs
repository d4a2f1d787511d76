using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Routing;

namespace SupportBot.Jobs.Routing;

/// <summary>
/// Routes a new or reopened question: the policy picks the recipients, who are stored with fresh
/// reply tokens; one send job per recipient and the escalation ladder are enqueued. Safe to run
/// twice: a round already routed is not routed again, its send jobs dedupe in the send log, and
/// stale or repeated ladder steps do nothing.
/// </summary>
public sealed partial class RouteQuestionJob(
    RecipientStore recipients, RoutingPolicy policy, IBackgroundJobClient jobs, IOptions<RoutingOptions> options, ILogger<RouteQuestionJob> logger)
{
    public async Task RunAsync(Guid questionId, CancellationToken ct)
    {
        var outcome = await recipients.RouteAsync(questionId, policy.Decide, ct);
        if (outcome.Skipped is not null)
        {
            LogNotRouted(questionId, outcome.Skipped);
            return;
        }

        foreach (var recipientId in outcome.RecipientIds)
        {
            jobs.Enqueue<SendQuestionEmailJob>(j => j.RunAsync(recipientId, CancellationToken.None));
        }

        var round = outcome.Round;
        var o = options.Value;
        jobs.Schedule<EscalateQuestionJob>(j => j.RunAsync(questionId, round, EscalationStep.Remind, CancellationToken.None), o.ReminderAfter);
        if (!outcome.ToTutors)
        {
            jobs.Schedule<EscalateQuestionJob>(j => j.RunAsync(questionId, round, EscalationStep.Tutor, CancellationToken.None), o.EscalateAfter);
        }

        jobs.Schedule<EscalateQuestionJob>(j => j.RunAsync(questionId, round, EscalationStep.Expire, CancellationToken.None), o.ExpireAfter);
        LogRouted(questionId, round, outcome.RecipientIds.Count, outcome.ToTutors);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Question {QuestionId} round {Round} routed to {Count} recipient(s), tutors: {ToTutors}")]
    private partial void LogRouted(Guid questionId, int round, int count, bool toTutors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Question {QuestionId} not routed: {Reason}")]
    private partial void LogNotRouted(Guid questionId, string reason);
}
