using Hangfire;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Routing;

namespace SupportBot.Jobs.Routing;

/// <summary>Starts routing's background work with Hangfire, for the Shared code that cannot reference it.</summary>
internal sealed class HangfireRoutingJobs(IBackgroundJobClient jobs, IOptions<RoutingOptions> options) : IRoutingJobs
{
    public void RouteQuestion(Guid questionId) => jobs.Enqueue<RouteQuestionJob>(j => j.RunAsync(questionId, CancellationToken.None));

    public void ThankPeers(Guid questionId) => jobs.Enqueue<ThankPeerJob>(j => j.RunAsync(questionId, CancellationToken.None));

    public void RelayAnswer(Guid answerId) => jobs.Enqueue<RelayAnswerJob>(j => j.RunAsync(answerId, CancellationToken.None));

    public void SendAnswerEmailCopy(Guid answerId, TimeSpan after)
    {
        if (after <= TimeSpan.Zero)
        {
            jobs.Enqueue<EmailAnswerCopyJob>(j => j.RunAsync(answerId, CancellationToken.None));
        }
        else
        {
            jobs.Schedule<EmailAnswerCopyJob>(j => j.RunAsync(answerId, CancellationToken.None), after);
        }
    }

    public void SendQuestion(long questionRecipientId) => jobs.Enqueue<SendQuestionEmailJob>(j => j.RunAsync(questionRecipientId, CancellationToken.None));

    public void ScheduleEscalation(Guid questionId, int round, bool toTutors)
    {
        var o = options.Value;
        jobs.Schedule<EscalateQuestionJob>(j => j.RunAsync(questionId, round, EscalationStep.Remind, CancellationToken.None), o.ReminderAfter);
        if (!toTutors)
        {
            jobs.Schedule<EscalateQuestionJob>(j => j.RunAsync(questionId, round, EscalationStep.Tutor, CancellationToken.None), o.EscalateAfter);
        }

        jobs.Schedule<EscalateQuestionJob>(j => j.RunAsync(questionId, round, EscalationStep.Expire, CancellationToken.None), o.ExpireAfter);
    }
}
