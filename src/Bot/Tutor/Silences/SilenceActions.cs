using SupportBot.Bot.Auth;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Nudges;

namespace SupportBot.Bot.Tutor.Silences;

/// <summary>
/// What a tutor does from the Silences page: nudge one learner, or write them a personal message.
/// Sent inline, like a campaign's test send, so the page can say at once what happened; the send
/// log makes a second click or a double submit a no-op.
/// </summary>
internal sealed class SilenceActions(SilenceQueries queries, NudgeSender nudges, TutorMessageSender messages)
{
    /// <returns>Null when the learner is not in this module of the tutor's (the page answers 404).</returns>
    public async Task<LearnerMessageOutcome?> NudgeAsync(TutorScope scope, string moduleId, Guid personId, CancellationToken ct)
    {
        if (!await queries.IsLearnerOfAsync(scope, moduleId, personId, ct))
        {
            return null;
        }

        return await AtMostOnceAsync(() => nudges.NudgeOneAsync(personId, ct));
    }

    /// <returns>Null when the learner is not in this module of the tutor's (the page answers 404).</returns>
    public async Task<LearnerMessageOutcome?> MessageAsync(TutorScope scope, string moduleId, Guid personId, string text, Guid requestId, CancellationToken ct)
    {
        if (!await queries.IsLearnerOfAsync(scope, moduleId, personId, ct))
        {
            return null;
        }

        return await AtMostOnceAsync(() => messages.SendAsync(new TutorMessage(personId, scope.PersonId, text, requestId), ct));
    }

    // The other click of a double click holds the key while this one sends: for the tutor, that is "already sent".
    private static async Task<LearnerMessageOutcome> AtMostOnceAsync(Func<Task<LearnerMessageOutcome>> send)
    {
        try
        {
            return await send();
        }
        catch (SendInProgressException)
        {
            return LearnerMessageOutcome.AlreadySent;
        }
    }
}
