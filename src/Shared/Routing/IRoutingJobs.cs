namespace SupportBot.Shared.Routing;

/// <summary>
/// The background work routing starts. Shared has no Hangfire, so the Jobs project implements this
/// with Hangfire's client; hosts that run routing call AddSupportBotRoutingJobs().
/// </summary>
public interface IRoutingJobs
{
    void RouteQuestion(Guid questionId);

    void ThankPeers(Guid questionId);

    void RelayAnswer(Guid answerId);

    /// <summary>The email copy of an answer, after <paramref name="after"/> (zero: now, when the learner has no chat).</summary>
    void SendAnswerEmailCopy(Guid answerId, TimeSpan after);

    /// <summary>Emails the question to one recipient (the send log keeps a repeat to one email).</summary>
    void SendQuestion(long questionRecipientId);

    /// <summary>Schedules the reminder, tutor and expiry steps of one routing round (the tutor step is skipped when tutors already have it).</summary>
    void ScheduleEscalation(Guid questionId, int round, bool toTutors);
}
