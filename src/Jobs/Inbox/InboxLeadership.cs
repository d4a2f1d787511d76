using Dapper;
using Npgsql;

namespace SupportBot.Jobs.Inbox;

/// <summary>
/// Elects the one worker that watches the inbox: a session-level advisory lock, held on a
/// connection of its own for as long as that worker watches. If the connection dies, PostgreSQL
/// frees the lock and another worker takes over. The old watcher notices at its next check
/// (Inbox:LockRetryInterval); until then two may watch, which is safe: handling is idempotent per
/// Message-ID and the saved position never moves backwards.
/// </summary>
internal sealed class InboxLeadership(NpgsqlDataSource dataSource)
{
    // "SBOTIMAP" in ASCII: one constant every worker agrees on, unlikely to collide with other users of the database.
    internal const long LockKey = 0x53424F54_494D4150;

    /// <summary>The lease when this worker got the lock, null when another worker holds it.</summary>
    public async Task<InboxLease?> TryAcquireAsync(CancellationToken ct)
    {
        var connection = await dataSource.OpenConnectionAsync(ct);
        try
        {
            var acquired = await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_try_advisory_lock(@key)", new { key = LockKey }, cancellationToken: ct));
            if (acquired)
            {
                return new InboxLease(connection);
            }
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        await connection.DisposeAsync();
        return null;
    }
}

/// <summary>The advisory lock and the connection that holds it; disposing releases both.</summary>
internal sealed class InboxLease(NpgsqlConnection connection) : IAsyncDisposable
{
    /// <summary>False once the holding connection is gone, and with it the lock.</summary>
    public async Task<bool> IsHeldAsync(CancellationToken ct)
    {
        try
        {
            await connection.ExecuteScalarAsync<int>(new CommandDefinition("SELECT 1", commandTimeout: 10, cancellationToken: ct));
            return true;
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // The pool would reset the session anyway; unlocking first hands over without waiting for that.
            await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT pg_advisory_unlock(@key)", new { key = InboxLeadership.LockKey }, commandTimeout: 5));
        }
        catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            // The connection is already gone, and the lock with it.
        }

        await connection.DisposeAsync();
    }
}
