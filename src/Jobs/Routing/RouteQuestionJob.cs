using Microsoft.Extensions.Logging;
using SupportBot.Shared.Routing;

namespace SupportBot.Jobs.Routing;

/// <summary>
/// Routes a new or reopened question in the background, through the same <see cref="QuestionRouter"/>
/// the chat uses. Safe to run twice: a round already routed is not routed again, its send jobs dedupe
/// in the send log, and stale or repeated ladder steps do nothing.
/// </summary>
public sealed partial class RouteQuestionJob(QuestionRouter router, ILogger<RouteQuestionJob> logger)
{
    public async Task RunAsync(Guid questionId, CancellationToken ct)
    {
        var report = await router.RouteAsync(questionId, ct);
        if (report.Skipped is not null)
        {
            LogNotRouted(questionId, report.Skipped);
            return;
        }

        LogRouted(questionId, report.Round, report.Recipients.Count, report.Peers.Count == 0);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Question {QuestionId} round {Round} routed to {Count} recipient(s), tutors: {ToTutors}")]
    private partial void LogRouted(Guid questionId, int round, int count, bool toTutors);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Question {QuestionId} not routed: {Reason}")]
    private partial void LogNotRouted(Guid questionId, string reason);
}
