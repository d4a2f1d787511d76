using Dapper;
using Npgsql;

namespace SupportBot.Bot.Auth;

/// <summary>
/// Owns supportbot.tutor_oidc_identities: which identity-provider account (Entra: tenant id + object id;
/// another provider: issuer + subject) is which tutor. The email claim introduces an account once, at
/// its first sign-in, when the tutor has no account bound yet; from then on only the bound account
/// opens that tutor's pages, whatever email another account (another tenant's, say) claims.
/// </summary>
internal sealed class TutorOidcIdentities(NpgsqlDataSource db, TutorAccounts accounts)
{
    public async Task<TutorAccount?> ResolveAsync(string issuer, string subject, string? email, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var bound = await c.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT person_id FROM supportbot.tutor_oidc_identities WHERE issuer = @issuer AND subject = @subject",
            new { issuer, subject }, cancellationToken: ct));
        if (bound is { } personId)
        {
            return await accounts.FindAsync(personId, ct);
        }

        if (email is null || await accounts.FindByEmailAsync(email, ct) is not { } tutor)
        {
            return null;
        }

        // One account per tutor: a tutor already bound to another account is not taken over by email.
        var inserted = await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.tutor_oidc_identities (issuer, subject, person_id) VALUES (@issuer, @subject, @id)
            ON CONFLICT DO NOTHING
            """, new { issuer, subject, id = tutor.Id }, cancellationToken: ct));
        return inserted == 1 ? tutor : null;
    }
}
