using System.Text.Json;
using Dapper;
using Npgsql;

namespace SupportBot.Shared.StudyGroups.Groups;

/// <summary>A member as the messages need them (their own data only, plus the group's).</summary>
public sealed record GroupMemberView(Guid PersonId, string DisplayName, string Email, string Locale, string TimeZone, string Status, bool Reminders)
{
    public string FirstName => DisplayName.Trim().Split(' ', 2)[0];
}

public sealed record GroupView(
    Guid Id, string ModuleId, string ModuleTitle, string Language, string Status, IReadOnlyList<UtcWeekInterval> SharedTime,
    DateTimeOffset WeekStartUtc, DateTimeOffset CreatedAt, IReadOnlyList<GroupMemberView> Members)
{
    /// <summary>The short code learners see on buttons ("J'accepte le groupe 1a2b3c4d").</summary>
    public string Code => Id.ToString("N")[..8];
}

/// <summary>A group as tutors see it: no schedule of anyone, names only once the group is active.</summary>
public sealed record GroupSummary(Guid Id, string ModuleId, string Language, string Status, int Size, double SharedHoursPerWeek, DateTimeOffset CreatedAt, IReadOnlyList<string> ActiveMemberNames);

/// <summary>Reads of Shared/StudyGroups/Groups' tables (and, for candidates, the opt-ins and availability of #8).</summary>
public sealed class GroupQueries(NpgsqlDataSource db)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Who can be matched in <paramref name="moduleId"/> now: active opt-ins with a confirmed
    /// availability, not erased, not already invited to or in a proposed or active group of the module.
    /// </summary>
    public async Task<IReadOnlyList<GroupCandidate>> CandidatesAsync(string moduleId, IReadOnlyCollection<Guid> excluded, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<(Guid PersonId, string Language, int GroupSize, string TimeZone, string Slots)>(new CommandDefinition("""
            SELECT o.person_id, o.language, o.group_size, p.time_zone, a.slots::text
            FROM supportbot.study_group_optins o
            JOIN supportbot.people p ON p.id = o.person_id AND p.erased_at IS NULL
            JOIN supportbot.study_availability a ON a.person_id = o.person_id
            WHERE o.module_id = @moduleId AND o.withdrawn_at IS NULL AND NOT (o.person_id = ANY(@excluded))
              AND NOT EXISTS (
                  SELECT 1 FROM supportbot.study_group_members m JOIN supportbot.study_groups g ON g.id = m.group_id
                  WHERE m.person_id = o.person_id AND g.module_id = o.module_id
                    AND g.status IN ('proposed', 'active') AND m.status IN ('invited', 'accepted'))
            ORDER BY o.opted_in_at, o.person_id
            """, new { moduleId, excluded = excluded.ToArray() }, cancellationToken: ct));
        return [.. rows.Select(r => new GroupCandidate(r.PersonId, r.Language, r.GroupSize, r.TimeZone, ParseSlots(r.Slots)))];
    }

    /// <summary>(who, other): who declined or left a group of this module that other was in; never proposed together again.</summary>
    public async Task<IReadOnlySet<(Guid Who, Guid Other)>> AvoidedPairsAsync(string moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<(Guid, Guid)>(new CommandDefinition("""
            SELECT m.person_id, o.person_id
            FROM supportbot.study_group_members m
            JOIN supportbot.study_groups g ON g.id = m.group_id
            JOIN supportbot.study_group_members o ON o.group_id = m.group_id AND o.person_id <> m.person_id
            WHERE g.module_id = @moduleId AND m.status IN ('declined', 'left')
            """, new { moduleId }, cancellationToken: ct));
        return rows.ToHashSet();
    }

    public async Task<GroupView?> FindAsync(Guid groupId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var g = await c.QuerySingleOrDefaultAsync<(Guid Id, string ModuleId, string Title, string Language, string Status, string Shared, DateTime WeekStart, DateTime CreatedAt)>(
            new CommandDefinition("""
                SELECT g.id, g.module_id, m.title, g.language, g.status, g.shared_time::text, g.week_start_utc, g.created_at
                FROM supportbot.study_groups g JOIN supportbot.modules m ON m.id = g.module_id WHERE g.id = @groupId
                """, new { groupId }, cancellationToken: ct));
        if (g.Id == Guid.Empty)
        {
            return null;
        }

        var members = await c.QueryAsync<GroupMemberView>(new CommandDefinition("""
            SELECT p.id AS PersonId, p.display_name AS DisplayName, p.email AS Email, p.locale AS Locale, p.time_zone AS TimeZone,
                   m.status AS Status, m.reminders AS Reminders
            FROM supportbot.study_group_members m JOIN supportbot.people p ON p.id = m.person_id
            WHERE m.group_id = @groupId ORDER BY m.invited_at, p.display_name
            """, new { groupId }, cancellationToken: ct));
        return new GroupView(g.Id, g.ModuleId, g.Title, g.Language, g.Status, ParseShared(g.Shared),
            Utc(g.WeekStart), Utc(g.CreatedAt), [.. members]);
    }

    /// <summary>The confirmed weekly slots of the accepted members of active groups, for the reminders.</summary>
    public async Task<IReadOnlyList<(Guid GroupId, string ModuleId, MemberWeek Member, bool Reminders)>> ActiveMembersAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<(Guid GroupId, string ModuleId, Guid PersonId, string TimeZone, string Slots, bool Reminders)>(new CommandDefinition("""
            SELECT g.id, g.module_id, p.id, p.time_zone, a.slots::text, m.reminders
            FROM supportbot.study_groups g
            JOIN supportbot.study_group_members m ON m.group_id = g.id AND m.status = 'accepted'
            JOIN supportbot.people p ON p.id = m.person_id AND p.erased_at IS NULL
            JOIN supportbot.study_availability a ON a.person_id = p.id
            WHERE g.status = 'active'
            ORDER BY g.id, p.id
            """, cancellationToken: ct));
        return [.. rows.Select(r => (r.GroupId, r.ModuleId, new MemberWeek(r.PersonId, r.TimeZone, ParseSlots(r.Slots)), r.Reminders))];
    }

    /// <summary>Groups of a module for tutors and the CLI, newest first; dissolved ones of the last 30 days too.</summary>
    public async Task<IReadOnlyList<GroupSummary>> ListAsync(string moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<(Guid Id, string ModuleId, string Language, string Status, int Size, string Shared, DateTime CreatedAt, string[] Names)>(
            new CommandDefinition("""
                SELECT g.id, g.module_id, g.language, g.status,
                       (SELECT count(*) FROM supportbot.study_group_members m WHERE m.group_id = g.id AND m.status IN ('invited', 'accepted'))::int,
                       g.shared_time::text, g.created_at,
                       CASE WHEN g.status = 'active' THEN ARRAY(
                           SELECT p.display_name FROM supportbot.study_group_members m JOIN supportbot.people p ON p.id = m.person_id
                           WHERE m.group_id = g.id AND m.status = 'accepted' AND p.erased_at IS NULL ORDER BY p.display_name)
                       ELSE '{}'::text[] END
                FROM supportbot.study_groups g
                WHERE g.module_id = @moduleId AND (g.status <> 'dissolved' OR g.dissolved_at > now() - interval '30 days')
                ORDER BY g.created_at DESC
                """, new { moduleId }, cancellationToken: ct));
        return [.. rows.Select(r => new GroupSummary(r.Id, r.ModuleId, r.Language, r.Status, r.Size, GroupTimes.Hours(ParseShared(r.Shared)), Utc(r.CreatedAt), r.Names))];
    }

    public async Task<GroupRecipient?> RecipientAsync(Guid personId, string moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<GroupRecipient>(new CommandDefinition("""
            SELECT p.id AS PersonId, p.display_name AS DisplayName, p.email AS Email, p.locale AS Locale, p.time_zone AS TimeZone,
                   m.title AS ModuleTitle,
                   (SELECT o.language FROM supportbot.study_group_optins o WHERE o.person_id = p.id AND o.module_id = m.id) AS OptInLanguage
            FROM supportbot.people p, supportbot.modules m
            WHERE p.id = @personId AND m.id = @moduleId AND p.erased_at IS NULL
            """, new { personId, moduleId }, cancellationToken: ct));
    }

    /// <summary>Modules where someone is opted in: each gets its own matching round.</summary>
    public async Task<IReadOnlyList<string>> ModulesWithOptInsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT module_id FROM supportbot.study_group_optins WHERE withdrawn_at IS NULL ORDER BY module_id", cancellationToken: ct))];
    }

    /// <summary>How many opted-in learners of the module wait in the pool (not in a proposed or active group).</summary>
    public async Task<int> CountWaitingAsync(string moduleId, CancellationToken ct) => (await CandidatesAsync(moduleId, [], ct)).Count;

    /// <summary>study_availability.slots in the one stored form (<see cref="WeeklySlotJson"/>), invalid slots dropped.</summary>
    private static IReadOnlyList<WeeklySlot> ParseSlots(string json) => [.. WeeklySlotJson.Deserialize(json).Where(s => s.IsValid)];

    public static IReadOnlyList<UtcWeekInterval> ParseShared(string json) =>
        [.. (JsonSerializer.Deserialize<List<IntervalJson>>(json, Json) ?? []).Select(i => new UtcWeekInterval(i.FromMinute, i.ToMinute))];

    public static string SharedJson(IReadOnlyList<UtcWeekInterval> shared) =>
        JsonSerializer.Serialize(shared.Select(i => new IntervalJson(i.FromMinute, i.ToMinute)), Json);

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record IntervalJson(int FromMinute, int ToMinute);
}

/// <summary>Who a message goes to, and the module's title.</summary>
public sealed record GroupRecipient(Guid PersonId, string DisplayName, string Email, string Locale, string TimeZone, string ModuleTitle, string? OptInLanguage)
{
    public string FirstName => DisplayName.Trim().Split(' ', 2)[0];
}
