using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Tutor;

internal sealed record ModuleRow(string Id, string Title);

/// <summary>The modules a tutor may pick in filters: theirs, or all for an admin.</summary>
internal sealed class TutorModules(NpgsqlDataSource db)
{
    public async Task<IReadOnlyList<ModuleRow>> ListAsync(TutorScope scope, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<ModuleRow>(new CommandDefinition(
            $"SELECT id AS Id, title AS Title FROM supportbot.modules m WHERE {TutorScope.Filter("m.id")} ORDER BY id",
            scope.Parameters(), cancellationToken: ct))];
    }
}
