using Npgsql;

namespace SupportBot.Bot.Turns;

/// <summary>
/// One turn at a time per conversation, across hosts: a PostgreSQL advisory lock on the conversation, held while the
/// turn runs. Two taps on a button post two activities at once; run side by side, both saw the question still waiting
/// and both said "C'est transmis…" (the question itself was routed once). In order, the second sees it routed. A turn
/// that waits longer than <see cref="Wait"/> runs anyway rather than leave the learner without an answer; a host that
/// dies drops its connection and so its lock.
/// </summary>
internal sealed partial class ConversationTurnGate(NpgsqlDataSource db, ILogger<ConversationTurnGate> logger)
{
    /// <summary>Longer than a turn takes (the web chat's turn lease is 30 s).</summary>
    public static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    public async Task<IAsyncDisposable> EnterAsync(string? channelId, string? conversationId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(conversationId))
        {
            return Open.Instance;
        }

        var connection = await db.OpenConnectionAsync(ct);
        try
        {
            await using var command = new NpgsqlCommand(
                $"SET lock_timeout = '{(int)Wait.TotalMilliseconds}ms'; SELECT pg_advisory_lock(hashtextextended(@key, 0))", connection);
            command.Parameters.AddWithValue("key", $"turn:{channelId}:{conversationId}");
            await command.ExecuteNonQueryAsync(ct);
            return new Held(connection);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            LogWaitedTooLong(conversationId, Wait);
            await connection.DisposeAsync();
            return Open.Instance;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A turn of conversation {ConversationId} waited {Wait} for the one before it; running it anyway")]
    private partial void LogWaitedTooLong(string conversationId, TimeSpan wait);

    private sealed class Held(NpgsqlConnection connection) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            try
            {
                await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock_all(); RESET lock_timeout", connection);
                await command.ExecuteNonQueryAsync();
            }
            catch (NpgsqlException)
            {
                // The connection is gone, and its lock with it.
            }
            finally
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed class Open : IAsyncDisposable
    {
        public static readonly Open Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
