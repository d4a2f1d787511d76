using Dapper;
using Npgsql;

namespace SupportBot.Bot.Auth;

/// <summary>A person who may use the tutor pages: an admin, or the tutor of at least one module.</summary>
internal sealed record TutorAccount(Guid Id, string DisplayName, string Email, string Locale, bool IsAdmin, string[] ModuleIds, string? TimeZone = null, bool ScopedAtSignIn = false);

/// <summary>
/// Who may sign in to the tutor pages, read from People's tables (no PeopleStore method says it yet).
/// Erased people never qualify.
/// </summary>
internal sealed class TutorAccounts(NpgsqlDataSource db)
{
    private const string Select = """
        SELECT p.id AS Id, p.display_name AS DisplayName, p.email AS Email, p.locale AS Locale, p.is_admin AS IsAdmin, p.time_zone AS TimeZone,
               COALESCE(string_agg(t.module_id, ' ' ORDER BY t.module_id), '') AS ModuleIds
        FROM supportbot.people p
        LEFT JOIN supportbot.module_tutors t ON t.person_id = p.id
        """;

    private const string Qualifies = """
        GROUP BY p.id
        HAVING p.is_admin OR count(t.module_id) > 0
        """;

    public async Task<TutorAccount?> FindByEmailAsync(string email, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Select + " WHERE lower(p.email) = lower(@email) AND p.erased_at IS NULL " + Qualifies,
            new { email = email.Trim() }, cancellationToken: ct)))?.ToAccount();
    }

    public async Task<TutorAccount?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            Select + " WHERE p.id = @id AND p.erased_at IS NULL " + Qualifies, new { id }, cancellationToken: ct)))?.ToAccount();
    }

    /// <summary>Module ids travel space-separated: module ids hold no spaces.</summary>
    private sealed record Row(Guid Id, string DisplayName, string Email, string Locale, bool IsAdmin, string? TimeZone, string ModuleIds)
    {
        public TutorAccount ToAccount() =>
            new(Id, DisplayName, Email, Locale, IsAdmin, ModuleIds.Split(' ', StringSplitOptions.RemoveEmptyEntries), TimeZone);
    }
}
