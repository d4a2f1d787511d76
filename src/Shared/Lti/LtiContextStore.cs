using Dapper;
using Npgsql;

namespace SupportBot.Shared.Lti;

/// <summary>A platform course launched at least once: its module and, when the platform grants it, its memberships endpoint.</summary>
public sealed record LtiContext(
    string Platform, string ContextId, string ModuleId, string? MembershipsUrl, DateTime LaunchedAt, DateTime? SyncedAt, bool? SyncSucceeded, string? SyncOutcome);

/// <summary>
/// The platform courses launched so far (table lti_contexts), written by launches and by the
/// roster sync's outcome. Outcomes hold counts and reasons, never a person's name or address.
/// </summary>
public sealed class LtiContextStore(NpgsqlDataSource db, TimeProvider clock)
{
    private const string Columns = """
        platform AS Platform, context_id AS ContextId, module_id AS ModuleId, memberships_url AS MembershipsUrl, launched_at AS LaunchedAt,
        synced_at AS SyncedAt, sync_succeeded AS SyncSucceeded, sync_outcome AS SyncOutcome
        """;

    /// <summary>A launch's course; a launch without the Names and Role Provisioning claim clears the endpoint (the platform took the service back).</summary>
    public async Task RecordLaunchAsync(string platform, string contextId, string moduleId, string? membershipsUrl, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.lti_contexts (platform, context_id, module_id, memberships_url, launched_at)
            VALUES (@platform, @contextId, @moduleId, @membershipsUrl, @now)
            ON CONFLICT (platform, context_id) DO UPDATE
                SET module_id = excluded.module_id, memberships_url = excluded.memberships_url, launched_at = excluded.launched_at
            """, new { platform, contextId, moduleId, membershipsUrl, now = clock.GetUtcNow() }, cancellationToken: ct));
    }

    /// <summary>Every known course, or those of one platform or one module.</summary>
    public async Task<IReadOnlyList<LtiContext>> ListAsync(string? platform, string? moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<LtiContext>(new CommandDefinition($"""
            SELECT {Columns} FROM supportbot.lti_contexts
            WHERE (@platform::text IS NULL OR platform = @platform) AND (@moduleId::text IS NULL OR module_id = @moduleId)
            ORDER BY platform, module_id, context_id
            """, new { platform, moduleId }, cancellationToken: ct))];
    }

    public async Task<LtiContext?> FindAsync(string platform, string contextId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<LtiContext>(new CommandDefinition(
            $"SELECT {Columns} FROM supportbot.lti_contexts WHERE platform = @platform AND context_id = @contextId",
            new { platform, contextId }, cancellationToken: ct));
    }

    public async Task RecordSyncAsync(string platform, string contextId, bool succeeded, string outcome, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.lti_contexts SET synced_at = @now, sync_succeeded = @succeeded, sync_outcome = @outcome
            WHERE platform = @platform AND context_id = @contextId
            """, new { platform, contextId, succeeded, outcome, now = clock.GetUtcNow() }, cancellationToken: ct));
    }
}
