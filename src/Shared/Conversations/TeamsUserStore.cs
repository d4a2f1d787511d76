using Dapper;
using Npgsql;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// Owns supportbot.teams_users: what the Connector said about each Teams user (by tenant and Entra
/// object id: the same object id in another tenant is someone else) and the person that matched,
/// so the Connector is asked once per user, not once per turn.
/// </summary>
public sealed class TeamsUserStore(NpgsqlDataSource db)
{
    public async Task<TeamsUser?> FindAsync(string tenantId, string aadObjectId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<TeamsUser>(new CommandDefinition("""
            SELECT tenant_id AS TenantId, aad_object_id AS AadObjectId, email AS Email, user_principal_name AS UserPrincipalName, person_id AS PersonId
            FROM supportbot.teams_users WHERE tenant_id = @tenantId AND aad_object_id = @aadObjectId
            """, new { tenantId, aadObjectId }, cancellationToken: ct));
    }

    /// <summary>Records what the Connector answered (null addresses when it did not know the user) and the match, if any.</summary>
    public async Task SaveLookupAsync(TeamsUser user, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(user);
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.teams_users (tenant_id, aad_object_id, email, user_principal_name, person_id, matched_at)
            VALUES (@TenantId, @AadObjectId, @Email, @UserPrincipalName, @PersonId, CASE WHEN @PersonId IS NULL THEN NULL ELSE now() END)
            ON CONFLICT (tenant_id, aad_object_id) DO UPDATE SET
                email = excluded.email, user_principal_name = excluded.user_principal_name, looked_up_at = now(),
                person_id = COALESCE(excluded.person_id, teams_users.person_id),
                matched_at = COALESCE(teams_users.matched_at, excluded.matched_at)
            """, user, cancellationToken: ct));
    }

    /// <summary>Links a user looked up earlier to the person their stored email now matches.</summary>
    public async Task LinkAsync(string tenantId, string aadObjectId, Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.teams_users SET person_id = @personId, matched_at = now()
            WHERE tenant_id = @tenantId AND aad_object_id = @aadObjectId
            """, new { tenantId, aadObjectId, personId }, cancellationToken: ct));
    }
}

/// <summary>A Teams user as the Connector described them; <see cref="PersonId"/> null while their email matches nobody.</summary>
public sealed record TeamsUser(string TenantId, string AadObjectId, string? Email, string? UserPrincipalName, Guid? PersonId);
