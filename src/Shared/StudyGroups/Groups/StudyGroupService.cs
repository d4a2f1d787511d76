using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Shared.StudyGroups.Matching;

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

/// <summary>
/// The lifecycle of study groups after matching, with everyone's consent: a round proposes groups
/// (nobody learns who else is in one), each member accepts or declines, and only when all accepted
/// does everyone get the others' first names and emails. A decline dissolves the proposal and the
/// others are matched again at once without the decliner, who is never proposed to them again.
/// Leaving an active group is possible at any time; the others are told a member left, not who
/// (naming them would turn a quiet step back into something to explain). Changes lock the module
/// (advisory lock) or the group row, so concurrent rounds and answers stay consistent; messages go
/// out through <see cref="IGroupNotices"/> after the commit.
/// </summary>
public sealed class StudyGroupService(NpgsqlDataSource db, GroupQueries queries, IGroupNotices notices, IOptions<GroupOptions> options, TimeProvider clock)
{
    /// <param name="excluded">Kept out of this round only (the learner who just declined).</param>
    /// <param name="toldIfLeftOver">Who is told "no group yet" when left over; null: everyone left over.</param>
    public async Task<RoundResult> RunRoundAsync(string moduleId, IReadOnlyCollection<Guid>? excluded = null, IReadOnlySet<Guid>? toldIfLeftOver = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(moduleId);
        var now = clock.GetUtcNow();
        var week = WeekClock.WeekStartOf(now);
        var roundId = Guid.NewGuid();
        var sent = new List<GroupNotice>();
        List<(Guid Id, ProposedGroup Group, string Language)> created = [];
        List<Guid> leftOver;
        var (expired, expiredNotices) = await ExpireStaleAsync(moduleId, now, ct);
        sent.AddRange(expiredNotices);
        await using (var c = await db.OpenConnectionAsync(ct))
        await using (var tx = await c.BeginTransactionAsync(ct))
        {
            // One round per module at a time: two would propose the same learner twice.
            await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtext('study-groups:' || @moduleId))", new { moduleId }, tx, cancellationToken: ct));
            var candidates = await queries.CandidatesAsync(moduleId, excluded ?? [], ct);
            var avoided = await queries.AvoidedPairsAsync(moduleId, ct);
            (var groups, leftOver) = Match(candidates, avoided, week, new MatchRules(options.Value.MinSharedMinutes));
            var language = candidates.ToDictionary(x => x.PersonId, x => x.Language);
            foreach (var g in groups)
            {
                var id = Guid.NewGuid();
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO supportbot.study_groups (id, module_id, language, shared_time, week_start_utc, round_id, created_at)
                    VALUES (@id, @moduleId, @language, @shared::jsonb, @week, @roundId, @now);
                    INSERT INTO supportbot.study_group_members (group_id, person_id, invited_at)
                    SELECT @id, unnest(@members), @now;
                    """, new
                {
                    id, moduleId, language = language[g.Members[0]], shared = GroupQueries.SharedJson(g.SharedTime),
                    week = week.UtcDateTime, roundId, now = now.UtcDateTime, members = g.Members.ToArray(),
                }, tx, cancellationToken: ct));
                created.Add((id, g, language[g.Members[0]]));
            }

            await tx.CommitAsync(ct);
        }

        foreach (var (id, g, _) in created)
        {
            sent.AddRange(g.Members.Select(m => new GroupNotice(GroupNoticeKind.Proposal, m, moduleId, id, id.ToString("N"))));
        }

        // Once a week at most: a learner left over round after round hears it weekly, not at every decline.
        var weekTag = week.UtcDateTime.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        sent.AddRange(leftOver.Where(p => toldIfLeftOver is null || toldIfLeftOver.Contains(p))
            .Select(p => new GroupNotice(GroupNoticeKind.NoGroupYet, p, moduleId, null, moduleId + ":" + weekTag)));
        await notices.NotifyAsync(sent, ct);
        return new RoundResult(roundId, [.. created.Select(x => x.Id)], leftOver, expired);
    }

    /// <summary>
    /// Proposals not everyone answered within <see cref="GroupOptions.ProposalLifetime"/> end. This
    /// commits before the round reads its candidates (on their own connection), so all their members
    /// are back in the pool of that very round; those who had accepted are told why nothing happened.
    /// Each expiry is one row update, so concurrent rounds cannot expire (and tell) twice.
    /// </summary>
    private async Task<(int Expired, List<GroupNotice> Notices)> ExpireStaleAsync(string moduleId, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var stale = (await c.QueryAsync<(Guid GroupId, Guid? Accepted)>(new CommandDefinition("""
            WITH expired AS (
                UPDATE supportbot.study_groups SET status = 'dissolved', dissolved_at = @now, dissolved_reason = 'expired'
                WHERE module_id = @moduleId AND status = 'proposed' AND created_at < @cutoff
                RETURNING id)
            SELECT e.id, m.person_id FROM expired e
            LEFT JOIN supportbot.study_group_members m ON m.group_id = e.id AND m.status = 'accepted'
            """, new { moduleId, now = now.UtcDateTime, cutoff = (now - options.Value.ProposalLifetime).UtcDateTime }, cancellationToken: ct))).ToList();
        return (stale.Select(x => x.GroupId).Distinct().Count(),
            [.. stale.Where(x => x.Accepted is not null)
                .Select(x => new GroupNotice(GroupNoticeKind.ProposalExpired, x.Accepted!.Value, moduleId, x.GroupId, x.GroupId.ToString("N")))]);
    }

    /// <summary>
    /// The matcher knows nothing of past declines, so its groups are checked: a group pairing
    /// someone with a person they declined or left is undone, that someone sits this round out, and
    /// the rest are matched again (each pass removes at least one person, so it ends).
    /// </summary>
    internal static (List<ProposedGroup> Groups, List<Guid> LeftOver) Match(
        IReadOnlyList<GroupCandidate> candidates, IReadOnlySet<(Guid Who, Guid Other)> avoided, DateTimeOffset week, MatchRules rules)
    {
        var groups = new List<ProposedGroup>();
        var sittingOut = new List<Guid>();
        var pool = candidates.ToList();
        while (pool.Count > 0)
        {
            var outcome = StudyGroupMatcher.Match(pool, week, rules);
            var retry = new HashSet<Guid>(outcome.LeftOver);
            var removed = false;
            foreach (var g in outcome.Groups)
            {
                var refusers = g.Members.Where(a => g.Members.Any(b => avoided.Contains((a, b)))).ToList();
                if (refusers.Count == 0)
                {
                    groups.Add(g);
                    continue;
                }

                sittingOut.AddRange(refusers);
                retry.UnionWith(g.Members.Except(refusers));
                removed = true;
            }

            if (!removed)
            {
                return (groups, [.. outcome.LeftOver, .. sittingOut]);
            }

            pool = [.. pool.Where(c => retry.Contains(c.PersonId))];
        }

        return (groups, sittingOut);
    }

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
        await RunRoundAsync(group.ModuleId, [personId], others, ct);
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
