using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Routing;

namespace SupportBot.Jobs.Routing;

/// <summary>
/// Routing commits the recipients, then enqueues one send job each: a host killed in between (kill
/// -9, power cut) leaves a question routed whose emails never leave. Once a minute, such questions
/// are routed again through <see cref="QuestionRouter"/>, which re-enqueues the round's sends (they
/// dedupe in the send log) and its escalation (repeated ladder steps do nothing). The same holds for
/// an answer stored (by email or on the tutor page) whose relay was never enqueued: it is relayed.
/// </summary>
public sealed partial class ResumeRoutingJob(
    RecipientStore recipients, AnswerStore answers, QuestionRouter router, IRoutingJobs jobs, IOptions<RoutingOptions> options, ILogger<ResumeRoutingJob> logger)
{
    public async Task RunAsync(CancellationToken ct)
    {
        foreach (var questionId in await recipients.ListRoutedButNeverSentAsync(options.Value.ResumeUnsentAfter, ct))
        {
            LogResuming(questionId);
            await router.RouteAsync(questionId, ct);
        }

        foreach (var answerId in await answers.ListStoredButNeverRelayedAsync(options.Value.ResumeUnsentAfter, ct))
        {
            LogRelaying(answerId);
            jobs.RelayAnswer(answerId);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Answer {AnswerId} was stored but never relayed (its host stopped); relaying it now")]
    private partial void LogRelaying(Guid answerId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Question {QuestionId} was routed but its emails were never sent (its host stopped); sending them now")]
    private partial void LogResuming(Guid questionId);
}
