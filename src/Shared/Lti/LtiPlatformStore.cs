using Dapper;
using Npgsql;

namespace SupportBot.Shared.Lti;

public enum LtiPlatformSave
{
    Saved,
    NameTaken,
    IssuerAndClientTaken,
    NotFound,
}

/// <summary>Platform registrations made on the admin pages (table lti_platforms); the settings' own are in <see cref="LtiOptions"/>.</summary>
public sealed class LtiPlatformStore(NpgsqlDataSource db, TimeProvider clock)
{
    public async Task<IReadOnlyList<LtiPlatform>> ListAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<Row>(new CommandDefinition("""
            SELECT name AS Name, issuer AS Issuer, client_id AS ClientId, deployment_ids AS DeploymentIds,
                   authentication_request_url AS AuthenticationRequestUrl, key_set_url AS KeySetUrl,
                   access_token_url AS AccessTokenUrl, course AS Course
            FROM supportbot.lti_platforms ORDER BY name
            """, cancellationToken: ct));
        return [.. rows.Select(r => new LtiPlatform
        {
            Name = r.Name, Issuer = r.Issuer, ClientId = r.ClientId, DeploymentIds = [.. r.DeploymentIds],
            AuthenticationRequestUrl = r.AuthenticationRequestUrl, KeySetUrl = r.KeySetUrl, AccessTokenUrl = r.AccessTokenUrl,
            Course = r.Course, FromSettings = false,
        })];
    }

    /// <summary>Adds a registration, or updates the one of that name (its name never changes: people's ids carry it).</summary>
    public async Task<LtiPlatformSave> SaveAsync(LtiPlatform platform, bool isNew, CancellationToken ct)
    {
        var args = new
        {
            platform.Name, platform.Issuer, platform.ClientId, DeploymentIds = platform.DeploymentIds.ToArray(),
            platform.AuthenticationRequestUrl, platform.KeySetUrl, platform.AccessTokenUrl, platform.Course, now = clock.GetUtcNow(),
        };
        await using var c = await db.OpenConnectionAsync(ct);
        try
        {
            var rows = await c.ExecuteAsync(new CommandDefinition(isNew
                ? """
                  INSERT INTO supportbot.lti_platforms (name, issuer, client_id, deployment_ids, authentication_request_url, key_set_url,
                      access_token_url, course, created_at, updated_at)
                  VALUES (@Name, @Issuer, @ClientId, @DeploymentIds, @AuthenticationRequestUrl, @KeySetUrl, @AccessTokenUrl, @Course, @now, @now)
                  """
                : """
                  UPDATE supportbot.lti_platforms SET issuer = @Issuer, client_id = @ClientId, deployment_ids = @DeploymentIds,
                      authentication_request_url = @AuthenticationRequestUrl, key_set_url = @KeySetUrl, access_token_url = @AccessTokenUrl,
                      course = @Course, updated_at = @now
                  WHERE name = @Name
                  """, args, cancellationToken: ct));
            return rows == 1 ? LtiPlatformSave.Saved : LtiPlatformSave.NotFound;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return e.ConstraintName == "lti_platforms_pkey" ? LtiPlatformSave.NameTaken : LtiPlatformSave.IssuerAndClientTaken;
        }
    }

    // Properties, not a positional record: Dapper reports text[] as System.Array to constructors.
    private sealed class Row
    {
        public string Name { get; init; } = "";

        public string Issuer { get; init; } = "";

        public string ClientId { get; init; } = "";

        public string[] DeploymentIds { get; init; } = [];

        public string AuthenticationRequestUrl { get; init; } = "";

        public string KeySetUrl { get; init; } = "";

        public string? AccessTokenUrl { get; init; }

        public string Course { get; init; } = "";
    }
}
