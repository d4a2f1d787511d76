using SupportBot.Bot.Auth;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.Bot.Tutor.StudyGroups;

internal sealed record GroupBoardView(string ModuleId, IReadOnlyList<GroupSummary> Groups, int Waiting);

/// <summary>
/// Study groups of one module for its tutors: size, language, status, shared hours, names only of
/// active groups (their members agreed to be known), and how many wait in the pool. Never anyone's
/// schedule. Every read and the "match now" check the <see cref="TutorScope"/>.
/// </summary>
internal sealed class GroupBoard(GroupQueries queries, StudyGroupRounds groups)
{
    public async Task<GroupBoardView?> ForModuleAsync(TutorScope scope, string moduleId, CancellationToken ct) =>
        scope.Allows(moduleId)
            ? new GroupBoardView(moduleId, await queries.ListAsync(moduleId, ct), await queries.CountWaitingAsync(moduleId, ct))
            : null;

    /// <summary>
    /// Runs a round now, in the request: it is a few queries and the pure matcher, and the tutor wants
    /// to see its result; the messages to learners still go out as jobs.
    /// </summary>
    public async Task<RoundResult?> MatchNowAsync(TutorScope scope, string moduleId, CancellationToken ct) =>
        scope.Allows(moduleId) ? await groups.RunRoundAsync(moduleId, ct: ct) : null;
}
