namespace SupportBot.Shared.Routing;

/// <summary>
/// A question's states (supportbot.questions.status). New -> Routed -> Answered -> Resolved;
/// Routed -> Escalated (tutors asked) -> Answered; unanswered -> Expired; the learner may cancel
/// while nobody has answered, and reopen ("still stuck") an answered, resolved, escalated or
/// expired question, which goes back to Routed.
/// </summary>
public static class QuestionStatus
{
    public const string New = "new";
    public const string Routed = "routed";
    public const string Answered = "answered";
    public const string Resolved = "resolved";
    public const string Escalated = "escalated";
    public const string Expired = "expired";
    public const string Cancelled = "cancelled";

    /// <summary>Still waiting for someone to answer.</summary>
    public static IReadOnlyList<string> Waiting { get; } = [New, Routed, Escalated];

    /// <summary>Not finished for the learner: waiting, or answered but not yet confirmed solved.</summary>
    public static IReadOnlyList<string> Open { get; } = [New, Routed, Escalated, Answered];
}

/// <summary>A lifecycle call the question's current state does not allow (e.g. cancelling an answered question).</summary>
public sealed class QuestionStateException(Guid questionId, string action, string? status)
    : InvalidOperationException(status is null
        ? $"Question {questionId} does not exist."
        : $"Cannot {action} question {questionId}: it is {status}.")
{
    public Guid QuestionId { get; } = questionId;

    public string Action { get; } = action;

    /// <summary>The state it was in; null when the question does not exist.</summary>
    public string? Status { get; } = status;
}
