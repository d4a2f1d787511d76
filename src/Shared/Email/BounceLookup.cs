using Dapper;
using Npgsql;

namespace SupportBot.Shared.Email;

/// <summary>Which of many addresses bounce (same rule as <see cref="EmailBounces.IsBouncingAsync"/>), in one query per batch.</summary>
public sealed class BounceLookup(NpgsqlDataSource db)
{
    /// <returns>The bouncing addresses, lower-cased.</returns>
    public async Task<HashSet<string>> WhichBounceAsync(IReadOnlyCollection<string> addresses, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        if (addresses.Count == 0)
        {
            return [];
        }

        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition(
            "SELECT email FROM supportbot.email_bounces WHERE email = ANY(@emails) AND " + EmailBounces.BouncingCondition,
            new { emails = addresses.Select(a => a.ToLowerInvariant()).ToArray() }, cancellationToken: ct))).ToHashSet(StringComparer.Ordinal);
    }
}
