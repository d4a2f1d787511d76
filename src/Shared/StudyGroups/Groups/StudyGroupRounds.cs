using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Shared.StudyGroups.Matching;

namespace SupportBot.Shared.StudyGroups.Groups;

/// <summary>
/// Matching rounds of a module: proposals nobody finished answering expire, the module's candidates
/// are matched (never with someone they declined or left), each proposed group is stored, and its
/// members are asked (nobody learns who else is in one). A round locks the module (advisory lock), so
/// concurrent rounds never propose the same learner twice; messages go out through
/// <see cref="IGroupNotices"/> after the commit.
/// </summary>
public sealed class StudyGroupRounds(NpgsqlDataSource db, GroupQueries queries, IGroupNotices notices, IOptions<GroupOptions> options, TimeProvider clock)
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
}
