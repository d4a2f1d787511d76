using Dapper;
using Npgsql;

namespace SupportBot.Shared.StudyGroups.Groups;

/// <summary>
/// A learner's answers to study groups, with everyone's consent: each member accepts or declines a
/// proposal, and only when all accepted does everyone get the others' first names and emails. A
/// decline dissolves the proposal and the others are matched again at once without the decliner, who
/// is never proposed to them again. Leaving an active group is possible at any time; the others are
/// told a member left, not who (naming them would turn a quiet step back into something to explain).
/// Changes hold the group row lock, so concurrent answers stay consistent.
/// </summary>
public sealed class StudyGroupMembership(NpgsqlDataSource db, GroupQueries queries, IGroupNotices notices, StudyGroupRounds rounds, TimeProvider clock)
{
    /// <param name="groupCode">The code on the button; null when the learner typed "j'accepte".</param>
    public async Task<AnswerResult> AcceptAsync(Guid personId, string? groupCode, CancellationToken ct)
    {
        var (refused, groupId, activated) = await ChangePendingAsync(personId, groupCode, ["invited"], async (c, tx, groupId, now) =>
        {
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE supportbot.study_group_members SET status = 'accepted', responded_at = @now
                WHERE group_id = @groupId AND person_id = @personId AND status = 'invited'
                """, new { groupId, personId, now }, tx, cancellationToken: ct));
            return await c.ExecuteAsync(new CommandDefinition("""
                UPDATE supportbot.study_groups SET status = 'active', activated_at = @now
                WHERE id = @groupId AND NOT EXISTS (SELECT 1 FROM supportbot.study_group_members m WHERE m.group_id = @groupId AND m.status <> 'accepted')
                """, new { groupId, now }, tx, cancellationToken: ct)) == 1;
        }, ct);
        if (refused is not null)
        {
            return refused;
        }

        var group = (await queries.FindAsync(groupId, ct))!;
        if (activated)
        {
            await notices.NotifyAsync([.. group.Members.Select(m => new GroupNotice(GroupNoticeKind.Introduction, m.PersonId, group.ModuleId, groupId, groupId.ToString("N")))], ct);
        }

        return new AnswerResult(activated ? AnswerOutcome.GroupActive : AnswerOutcome.WaitingForOthers, group.ModuleTitle, groupId);
    }

    public async Task<AnswerResult> DeclineAsync(Guid personId, string? groupCode, CancellationToken ct)
    {
        // Having accepted a proposal that has not formed yet, one may still change one's mind.
        var (refused, groupId, _) = await ChangePendingAsync(personId, groupCode, ["invited", "accepted"], (c, tx, groupId, now) =>
            c.ExecuteAsync(new CommandDefinition("""
                UPDATE supportbot.study_group_members SET status = 'declined', responded_at = @now WHERE group_id = @groupId AND person_id = @personId;
                UPDATE supportbot.study_groups SET status = 'dissolved', dissolved_at = @now, dissolved_reason = 'declined' WHERE id = @groupId;
                """, new { groupId, personId, now }, tx, cancellationToken: ct)), ct);
        if (refused is not null)
        {
            return refused;
        }

        var group = (await queries.FindAsync(groupId, ct))!;
        var others = group.Members.Where(m => m.PersonId != personId).Select(m => m.PersonId).ToHashSet();
        await notices.NotifyAsync([.. others.Select(o => new GroupNotice(GroupNoticeKind.ProposalCancelled, o, group.ModuleId, groupId, groupId.ToString("N")))], ct);
        await rounds.RunRoundAsync(group.ModuleId, [personId], others, ct);
        return new AnswerResult(AnswerOutcome.Declined, group.ModuleTitle, groupId);
    }

    /// <summary>Leaves the learner's active group (a pending proposal is declined instead).</summary>
    public async Task<LeaveResult> LeaveAsync(Guid personId, string? groupCode, CancellationToken ct)
    {
        var mine = await MembershipsAsync(personId, ct);
        var active = mine.Where(m => m.GroupStatus == "active" && m.Status == "accepted" && Matches(m.GroupId, groupCode)).ToList();
        if (active.Count == 0)
        {
            var pending = mine.Where(m => m.GroupStatus == "proposed" && m.Status is "invited" or "accepted" && Matches(m.GroupId, groupCode)).ToList();
            if (pending.Count == 1)
            {
                var declined = await DeclineAsync(personId, pending[0].GroupId.ToString("N")[..8], ct);
                return new LeaveResult(LeaveOutcome.GroupDissolved, declined.ModuleTitle);
            }

            return new LeaveResult(pending.Count > 1 ? LeaveOutcome.Ambiguous : LeaveOutcome.NotInAGroup);
        }

        if (active.Count > 1)
        {
            return new LeaveResult(LeaveOutcome.Ambiguous);
        }

        var groupId = active[0].GroupId;
        var now = clock.GetUtcNow().UtcDateTime;
        bool dissolved;
        await using (var c = await db.OpenConnectionAsync(ct))
        await using (var tx = await c.BeginTransactionAsync(ct))
        {
            await c.ExecuteAsync(new CommandDefinition("SELECT 1 FROM supportbot.study_groups WHERE id = @groupId FOR UPDATE", new { groupId }, tx, cancellationToken: ct));
            await c.ExecuteAsync(new CommandDefinition("""
                UPDATE supportbot.study_group_members SET status = 'left', left_at = @now WHERE group_id = @groupId AND person_id = @personId
                """, new { groupId, personId, now }, tx, cancellationToken: ct));
            dissolved = await c.ExecuteAsync(new CommandDefinition("""
                UPDATE supportbot.study_groups SET status = 'dissolved', dissolved_at = @now, dissolved_reason = 'too_few_left'
                WHERE id = @groupId AND status = 'active'
                  AND (SELECT count(*) FROM supportbot.study_group_members m WHERE m.group_id = @groupId AND m.status = 'accepted') < 2
                """, new { groupId, now }, tx, cancellationToken: ct)) == 1;
            await tx.CommitAsync(ct);
        }

        var group = (await queries.FindAsync(groupId, ct))!;
        var kind = dissolved ? GroupNoticeKind.GroupDissolved : GroupNoticeKind.MemberLeft;
        await notices.NotifyAsync([.. group.Members.Where(m => m.Status == "accepted")
            .Select(m => new GroupNotice(kind, m.PersonId, group.ModuleId, groupId, $"{groupId:N}:{personId:N}"))], ct);
        return new LeaveResult(dissolved ? LeaveOutcome.GroupDissolved : LeaveOutcome.GroupContinues, group.ModuleTitle);
    }

    /// <summary>
    /// "Stop study groups": declines every proposal waiting for the learner and leaves every active
    /// group, one by one through <see cref="DeclineAsync"/> and <see cref="LeaveAsync"/>, so the
    /// others are told (without naming them) and re-matched exactly as after a single answer.
    /// </summary>
    public async Task<StepBackResult> StepBackAsync(Guid personId, CancellationToken ct)
    {
        int declined = 0, left = 0;
        foreach (var (groupId, groupStatus, status) in await MembershipsAsync(personId, ct))
        {
            var code = groupId.ToString("N");
            if (groupStatus == "proposed" && status is "invited" or "accepted")
            {
                declined += (await DeclineAsync(personId, code, ct)).Outcome == AnswerOutcome.Declined ? 1 : 0;
            }
            else if (groupStatus == "active" && status == "accepted")
            {
                left += (await LeaveAsync(personId, code, ct)).Outcome is LeaveOutcome.GroupContinues or LeaveOutcome.GroupDissolved ? 1 : 0;
            }
        }

        return new StepBackResult(declined, left);
    }

    /// <summary>Turns reminders off (or back on) for all the learner's active groups; returns how many.</summary>
    public async Task<int> SetRemindersAsync(Guid personId, bool on, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.study_group_members m SET reminders = @on
            FROM supportbot.study_groups g
            WHERE g.id = m.group_id AND m.person_id = @personId AND m.status = 'accepted' AND g.status IN ('proposed', 'active')
            """, new { personId, on }, cancellationToken: ct));
    }

    /// <summary>
    /// Applies <paramref name="change"/> to the learner's one pending proposal in a transaction,
    /// holding the group row lock, provided it is still proposed; otherwise says why not (Refused).
    /// </summary>
    private async Task<(AnswerResult? Refused, Guid GroupId, T Changed)> ChangePendingAsync<T>(
        Guid personId, string? groupCode, string[] statuses, Func<NpgsqlConnection, NpgsqlTransaction, Guid, DateTime, Task<T>> change, CancellationToken ct)
    {
        var (pending, result) = await PendingAsync(personId, groupCode, statuses, ct);
        if (pending is not { } groupId)
        {
            return (result, Guid.Empty, default!);
        }

        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // The group row lock serialises concurrent answers: exactly one of the last two acceptances activates.
        var status = await c.ExecuteScalarAsync<string>(new CommandDefinition(
            "SELECT status FROM supportbot.study_groups WHERE id = @groupId FOR UPDATE", new { groupId }, tx, cancellationToken: ct));
        if (status != "proposed")
        {
            return (new AnswerResult(AnswerOutcome.NothingPending), groupId, default!);
        }

        var changed = await change(c, tx, groupId, clock.GetUtcNow().UtcDateTime);
        await tx.CommitAsync(ct);
        return (null, groupId, changed);
    }

    private async Task<(Guid? GroupId, AnswerResult Result)> PendingAsync(Guid personId, string? groupCode, string[] statuses, CancellationToken ct)
    {
        var pending = (await MembershipsAsync(personId, ct))
            .Where(m => m.GroupStatus == "proposed" && statuses.Contains(m.Status) && Matches(m.GroupId, groupCode)).ToList();
        return pending.Count switch
        {
            0 => (null, new AnswerResult(AnswerOutcome.NothingPending)),
            1 => (pending[0].GroupId, new AnswerResult(AnswerOutcome.NothingPending)),
            _ => (null, new AnswerResult(AnswerOutcome.Ambiguous)),
        };
    }

    private static bool Matches(Guid groupId, string? code) =>
        code is null || groupId.ToString("N").StartsWith(code, StringComparison.OrdinalIgnoreCase);

    private async Task<IReadOnlyList<(Guid GroupId, string GroupStatus, string Status)>> MembershipsAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<(Guid, string, string)>(new CommandDefinition("""
            SELECT g.id, g.status, m.status FROM supportbot.study_group_members m JOIN supportbot.study_groups g ON g.id = m.group_id
            WHERE m.person_id = @personId AND g.status IN ('proposed', 'active')
            """, new { personId }, cancellationToken: ct))];
    }
}
