using Dapper;
using Npgsql;

namespace SupportBot.Jobs.Inbox;

/// <summary>Where the watcher is in a mailbox: the last UID handled under one UIDVALIDITY.</summary>
internal sealed record InboxPosition(uint UidValidity, uint LastUid);

/// <summary>Reads and records the watcher's position in supportbot.inbox_state.</summary>
internal sealed class InboxPositionStore(NpgsqlDataSource dataSource)
{
    public async Task<InboxPosition?> ReadAsync(string mailbox, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        var row = await connection.QuerySingleOrDefaultAsync<StateRow>(new CommandDefinition(
            """
            SELECT uid_validity AS UidValidity, last_uid AS LastUid FROM supportbot.inbox_state WHERE mailbox = @mailbox
            """,
            new { mailbox }, cancellationToken: ct));
        return row is null ? null : new InboxPosition((uint)row.UidValidity, (uint)row.LastUid);
    }

    /// <summary>
    /// Never moves backwards under the same UIDVALIDITY: a watcher that lost its lock a moment ago
    /// may still write a stale position after the new one has gone further.
    /// </summary>
    public async Task SaveAsync(string mailbox, InboxPosition position, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO supportbot.inbox_state (mailbox, uid_validity, last_uid)
            VALUES (@mailbox, @uidValidity, @lastUid)
            ON CONFLICT (mailbox) DO UPDATE SET
                uid_validity = excluded.uid_validity,
                last_uid = CASE WHEN inbox_state.uid_validity = excluded.uid_validity
                                THEN GREATEST(inbox_state.last_uid, excluded.last_uid)
                                ELSE excluded.last_uid END
            """,
            new { mailbox, uidValidity = (long)position.UidValidity, lastUid = (long)position.LastUid }, cancellationToken: ct));
    }

    private sealed record StateRow(long UidValidity, long LastUid);
}
