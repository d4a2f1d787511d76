using System.Security.Cryptography;
using Dapper;
using Npgsql;

namespace SupportBot.Shared.Conversations.DirectLine;

/// <summary>
/// Owns the web chat's conversations and activities. Each append takes the conversation row's lock
/// to number the activity, then notifies every bot instance (LISTEN/NOTIFY) so streams wake up.
/// </summary>
public sealed class DirectLineStore(NpgsqlDataSource db, TimeProvider clock)
{
    public const string NotifyChannel = "supportbot_directline";
    public const string ChannelId = "directline";

    public async Task<DirectLineConversation> CreateConversationAsync(DirectLineUser user, CancellationToken ct)
    {
        var id = NewId(18);
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleAsync<DirectLineConversation>(new CommandDefinition("""
            INSERT INTO supportbot.directline_conversations (id, user_id, user_name, person_id, locale, time_zone)
            VALUES (@id, @UserId, @UserName, @PersonId, @Locale, @TimeZone)
            RETURNING id AS Id, user_id AS UserId, user_name AS UserName, person_id AS PersonId, locale AS Locale,
                      time_zone AS TimeZone, last_seq AS LastSeq
            """, new { id, user.UserId, user.UserName, user.PersonId, user.Locale, user.TimeZone }, cancellationToken: ct));
    }

    public async Task<DirectLineConversation?> FindConversationAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<DirectLineConversation>(new CommandDefinition("""
            SELECT id AS Id, user_id AS UserId, user_name AS UserName, person_id AS PersonId, locale AS Locale,
                   time_zone AS TimeZone, last_seq AS LastSeq
            FROM supportbot.directline_conversations WHERE id = @id
            """, new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// Stores the activity with the next watermark, filling in id, timestamp, channelId and
    /// conversation as the Direct Line service does, and returns it as stored.
    /// </summary>
    public async Task<Activity> AppendAsync(string conversationId, Activity activity, bool fromUser, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var seq = await c.ExecuteScalarAsync<long?>(new CommandDefinition("""
            UPDATE supportbot.directline_conversations
            SET last_seq = last_seq + 1,
                last_user_activity_at = CASE WHEN @fromUser THEN now() ELSE last_user_activity_at END
            WHERE id = @conversationId
            RETURNING last_seq
            """, new { conversationId, fromUser }, tx, cancellationToken: ct))
            ?? throw new DirectLineConversationNotFoundException(conversationId);

        activity.Id = ActivityId(conversationId, seq);
        activity.Timestamp = clock.GetUtcNow();
        activity.ChannelId = ChannelId;
        activity.Conversation ??= new ConversationAccount();
        activity.Conversation.Id = conversationId;

        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.directline_activities (conversation_id, seq, from_user, activity)
            VALUES (@conversationId, @seq, @fromUser, @json::jsonb);
            SELECT pg_notify(@channel, @conversationId);
            """, new { conversationId, seq, fromUser, json = ActivityJson.Serialize(activity), channel = NotifyChannel }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return activity;
    }

    /// <summary>Activities after the watermark, oldest first, as stored JSON, with the new watermark.</summary>
    public async Task<DirectLineActivitySet> ReadAfterAsync(string conversationId, long watermark, CancellationToken ct, int limit = 500)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = (await c.QueryAsync<(long Seq, string Json)>(new CommandDefinition("""
            SELECT seq, activity::text FROM supportbot.directline_activities
            WHERE conversation_id = @conversationId AND seq > @watermark
            ORDER BY seq LIMIT @limit
            """, new { conversationId, watermark, limit }, cancellationToken: ct))).ToList();
        return new DirectLineActivitySet(rows.Select(r => r.Json).ToList(), rows.Count == 0 ? watermark : rows[^1].Seq);
    }

    public async Task<string> SaveUploadAsync(string conversationId, string contentType, string fileName, byte[] content, CancellationToken ct)
    {
        var id = NewId(24);
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.directline_uploads (id, conversation_id, content_type, file_name, content)
            VALUES (@id, @conversationId, @contentType, @fileName, @content)
            """, new { id, conversationId, contentType, fileName, content }, cancellationToken: ct));
        return id;
    }

    public async Task<DirectLineUpload?> FindUploadAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<DirectLineUpload>(new CommandDefinition("""
            SELECT content_type AS ContentType, file_name AS FileName, content AS Content
            FROM supportbot.directline_uploads WHERE id = @id
            """, new { id }, cancellationToken: ct));
    }

    /// <summary>Azure's shape: "conversation|0000042", so ids sort like the watermark.</summary>
    public static string ActivityId(string conversationId, long seq) =>
        $"{conversationId}|{seq.ToString("D7", System.Globalization.CultureInfo.InvariantCulture)}";

    /// <summary>Unguessable, URL-safe identifiers: conversation ids double as capability in URLs.</summary>
    public static string NewId(int bytes) =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(bytes)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed record DirectLineUser(string UserId, string? UserName, Guid? PersonId, string? Locale, string? TimeZone);

public sealed record DirectLineConversation(string Id, string UserId, string? UserName, Guid? PersonId, string? Locale, string? TimeZone, long LastSeq);

public sealed record DirectLineActivitySet(IReadOnlyList<string> ActivitiesJson, long Watermark);

public sealed record DirectLineUpload(string ContentType, string FileName, byte[] Content);

public sealed class DirectLineConversationNotFoundException(string conversationId)
    : Exception($"Direct Line conversation {conversationId} does not exist.")
{
    public string ConversationId { get; } = conversationId;
}
