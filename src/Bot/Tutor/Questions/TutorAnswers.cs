using SupportBot.Bot.Auth;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Tutor.Questions;

/// <summary>
/// What a tutor does to a question from the pages: answer it directly, or relay or discard a reply
/// held from a stranger. Answers are stored by routing's <see cref="AnswerStore"/> and reach the
/// learner through the same relay job as a peer's answer by email.
/// </summary>
internal sealed class TutorAnswers(AnswerStore answers, QuestionQueries questions, IRoutingJobs jobs)
{
    public const int MaxLength = 8000;

    public async Task<(TutorAnswerOutcome Outcome, Guid? AnswerId)> AnswerAsync(TutorScope scope, Guid questionId, string text, CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        // A question outside the tutor's modules does not exist for them.
        if (await questions.FindAsync(scope, questionId, ct) is null)
        {
            return (TutorAnswerOutcome.NotFound, null);
        }

        var (outcome, answerId) = await answers.StoreTutorAnswerAsync(questionId, scope.PersonId, text, ct);
        if (answerId is { } id)
        {
            jobs.RelayAnswer(id);
        }

        return (outcome, answerId);
    }

    /// <summary>Held replies of the tutor's modules, oldest first.</summary>
    public Task<IReadOnlyList<HeldReply>> HeldAsync(TutorScope scope, CancellationToken ct) =>
        answers.ListHeldAsync(scope.IsAdmin ? null : scope.ModuleIds, ct);

    /// <summary>Relays a held reply to the learner like a peer's answer; false when it is not the tutor's or was decided already.</summary>
    public async Task<bool> RelayHeldAsync(TutorScope scope, Guid heldId, CancellationToken ct)
    {
        if (await answers.FindHeldAsync(heldId, ct) is not { CanRelay: true } held || !scope.Allows(held.ModuleId))
        {
            return false;
        }

        if (await answers.AcceptHeldAsync(heldId, ct) is not { } stored)
        {
            return false;
        }

        if (stored.Relay)
        {
            jobs.RelayAnswer(stored.AnswerId);
        }

        return true;
    }

    /// <summary>Discards a held reply; false when it is not the tutor's or was decided already.</summary>
    public async Task<bool> DiscardHeldAsync(TutorScope scope, Guid heldId, CancellationToken ct) =>
        await answers.FindHeldAsync(heldId, ct) is { } held && scope.Allows(held.ModuleId) && await answers.RejectHeldAsync(heldId, ct);
}
