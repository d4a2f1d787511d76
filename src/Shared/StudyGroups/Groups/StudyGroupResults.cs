namespace SupportBot.Shared.StudyGroups.Groups;

/// <summary>What a matching round did.</summary>
public sealed record RoundResult(Guid RoundId, IReadOnlyList<Guid> GroupIds, IReadOnlyList<Guid> LeftOver, int Expired);

public enum AnswerOutcome
{
    /// <summary>No proposal waits for this learner's answer (or the code names none of theirs).</summary>
    NothingPending,

    /// <summary>Several proposals wait and the learner did not say which one.</summary>
    Ambiguous,

    /// <summary>Accepted; others have still to answer.</summary>
    WaitingForOthers,

    /// <summary>Accepted, and they were the last: the group is active and introductions go out.</summary>
    GroupActive,

    /// <summary>Declined: the proposal is dissolved and the others are matched again.</summary>
    Declined,
}

public sealed record AnswerResult(AnswerOutcome Outcome, string? ModuleTitle = null, Guid? GroupId = null);

public enum LeaveOutcome
{
    NotInAGroup,
    Ambiguous,

    /// <summary>Left; two or more remain and the group goes on.</summary>
    GroupContinues,

    /// <summary>Left; fewer than two remained, so the group ended.</summary>
    GroupDissolved,
}

public sealed record LeaveResult(LeaveOutcome Outcome, string? ModuleTitle = null);

/// <summary>What stepping back from study groups did: proposals declined, active groups left.</summary>
public sealed record StepBackResult(int Declined, int Left);
