using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SupportBot.Shared.Conversations.DirectLine;

/// <summary>
/// Owns the web chat's conversations and activities. Each append takes the conversation row's lock
/// to number the activity, then signals the streams (<see cref="DirectLineSignals"/>): at once in
/// this process, by a coalesced NOTIFY in the others.
/// </summary>
public sealed class DirectLineStore(NpgsqlDataSource db, DirectLineSignals signals, TimeProvider clock)
{
    public const string ChannelId = "directline";

    /// <summary>Bounds the memory of <see cref="known"/>; when full it starts again empty (a miss costs one query).</summary>
    private const int MaxKnown = 50_000;

    /// <summary>
    /// Conversations this process created or looked up, with their learner (fixed at creation): a turn
    /// and a stream connection need not ask the database again. A conversation erased meanwhile stays
    /// known here, which is harmless: appending to it fails and its stream reads nothing.
    /// </summary>
    private readonly ConcurrentDictionary<string, Guid?> known = new(StringComparer.Ordinal);

    /// <summary>Per conversation, the last learner activity committed without a WAL flush and not yet covered by one.</summary>
    private readonly ConcurrentDictionary<string, long> notYetFlushed = new(StringComparer.Ordinal);

    public async Task<DirectLineConversation> CreateConversationAsync(DirectLineUser user, CancellationToken ct)
    {
        var id = NewId(18);
        await using var c = await db.OpenConnectionAsync(ct);
        var created = await c.QuerySingleAsync<DirectLineConversation>(new CommandDefinition("""
            INSERT INTO supportbot.directline_conversations (id, user_id, user_name, person_id, locale, time_zone)
            VALUES (@id, @UserId, @UserName, @PersonId, @Locale, @TimeZone)
            RETURNING id AS Id, user_id AS UserId, user_name AS UserName, person_id AS PersonId, locale AS Locale,
                      time_zone AS TimeZone, last_seq AS LastSeq
            """, new { id, user.UserId, user.UserName, user.PersonId, user.Locale, user.TimeZone }, cancellationToken: ct));
        Remember(created);
        return created;
    }

    /// <summary>The learner of the conversation, or null (anonymous or unknown conversation); from memory when this process knows it.</summary>
    public async Task<Guid?> FindPersonIdAsync(string conversationId, CancellationToken ct) =>
        known.TryGetValue(conversationId, out var personId) ? personId : (await FindConversationAsync(conversationId, ct))?.PersonId;

    /// <summary>Whether the conversation exists; from memory when this process knows it.</summary>
    public async Task<bool> ExistsAsync(string conversationId, CancellationToken ct) =>
        known.ContainsKey(conversationId) || await FindConversationAsync(conversationId, ct) is not null;

    /// <summary>The user's conversation they last wrote in (or, if none, the newest): another device resumes it.</summary>
    public async Task<DirectLineConversation?> FindLatestForUserAsync(string userId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var conversation = await c.QueryFirstOrDefaultAsync<DirectLineConversation>(new CommandDefinition("""
            SELECT id AS Id, user_id AS UserId, user_name AS UserName, person_id AS PersonId, locale AS Locale,
                   time_zone AS TimeZone, last_seq AS LastSeq
            FROM supportbot.directline_conversations WHERE user_id = @userId
            ORDER BY coalesce(last_user_activity_at, created_at) DESC, created_at DESC
            LIMIT 1
            """, new { userId }, cancellationToken: ct));
        if (conversation is not null)
        {
            Remember(conversation);
        }

        return conversation;
    }

    public async Task<DirectLineConversation?> FindConversationAsync(string id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var conversation = await c.QuerySingleOrDefaultAsync<DirectLineConversation>(new CommandDefinition("""
            SELECT id AS Id, user_id AS UserId, user_name AS UserName, person_id AS PersonId, locale AS Locale,
                   time_zone AS TimeZone, last_seq AS LastSeq
            FROM supportbot.directline_conversations WHERE id = @id
            """, new { id }, cancellationToken: ct));
        if (conversation is not null)
        {
            Remember(conversation);
        }

        return conversation;
    }

    private void Remember(DirectLineConversation conversation)
    {
        if (known.Count >= MaxKnown)
        {
            known.Clear();
        }

        known[conversation.Id] = conversation.PersonId;
    }

    /// <summary>
    /// Stores the activity with the next watermark, filling in id, timestamp, channelId and
    /// conversation as the Direct Line service does, and returns it as stored.
    /// </summary>
    public async Task<Activity> AppendAsync(string conversationId, Activity activity, bool fromUser, CancellationToken ct) =>
        (await AppendOnceAsync(conversationId, activity, fromUser, key: null, turnLease: null, ct)).Activity;

    /// <summary>
    /// Stores the activity unless the conversation already holds one under <paramref name="key"/>
    /// (a learner's re-post, a re-run turn's reply, a resent message): then nothing is stored and
    /// the stored one comes back, <see cref="DirectLineAppend.Appended"/> false. A learner's
    /// activity stored with a <paramref name="turnLease"/> is claimed for its turn until
    /// <see cref="CompleteTurnAsync"/>.
    /// </summary>
    public async Task<DirectLineAppend> AppendOnceAsync(
        string conversationId, Activity activity, bool fromUser, string? key, TimeSpan? turnLease, CancellationToken ct)
    {
        activity.Id = null; // numbered by the database below
        activity.Timestamp = clock.GetUtcNow();
        activity.ChannelId = ChannelId;
        activity.Conversation ??= new ConversationAccount();
        activity.Conversation.Id = conversationId;
        var json = ActivityJson.Serialize(activity);

        // One statement: the UPDATE holds the conversation row's lock until the commit, so watermarks
        // are gap-free and commit in order; the id is added to the JSON in the same statement.
        // A learner's activity commits without waiting for the WAL flush: the bot's reply commits
        // synchronously right after, and flushing its WAL flushes this one too; EnsureDurableAsync
        // covers a turn that stored nothing after it. One flush per turn instead of two.
        // Under the row lock, a key stored before is seen here (committed): nothing is inserted, and
        // the rollback below takes the watermark back.
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct); // BEGIN goes with the statement: no extra round trip
        var seq = await c.ExecuteScalarAsync<long?>(new CommandDefinition((fromUser ? "SET LOCAL synchronous_commit = off;\n" : "") + """
            WITH next AS (
                UPDATE supportbot.directline_conversations
                SET last_seq = last_seq + 1,
                    last_user_activity_at = CASE WHEN @fromUser THEN now() ELSE last_user_activity_at END
                WHERE id = @conversationId
                RETURNING last_seq)
            INSERT INTO supportbot.directline_activities (conversation_id, seq, from_user, activity, client_key, turn_claimed_until)
            SELECT @conversationId, last_seq, @fromUser,
                   @json::jsonb || jsonb_build_object('id', @conversationId || '|' || lpad(last_seq::text, greatest(7, length(last_seq::text)), '0')),
                   @key, now() + @turnLease::interval
            FROM next
            ON CONFLICT (conversation_id, client_key) DO NOTHING
            RETURNING seq
            """, new { conversationId, fromUser, json, key, turnLease }, tx, cancellationToken: ct));
        if (seq is null)
        {
            await tx.RollbackAsync(ct);
            return key is not null && await FindByKeyAsync(c, conversationId, key, ct) is { } earlier
                ? new DirectLineAppend(earlier.Activity, earlier.Seq, Appended: false)
                : throw new DirectLineConversationNotFoundException(conversationId);
        }

        await tx.CommitAsync(ct);
        if (fromUser)
        {
            notYetFlushed[conversationId] = seq.Value;
        }
        else if (notYetFlushed.TryGetValue(conversationId, out var pending) && pending <= seq)
        {
            // Commits are in watermark order: this synchronous commit flushed every activity before it.
            notYetFlushed.TryRemove(new KeyValuePair<string, long>(conversationId, pending));
        }

        activity.Id = ActivityId(conversationId, seq.Value);
        signals.Appended(conversationId, seq.Value, WithId(json, activity.Id));
        return new DirectLineAppend(activity, seq.Value, Appended: true);
    }

    private static async Task<(Activity Activity, long Seq)?> FindByKeyAsync(NpgsqlConnection c, string conversationId, string key, CancellationToken ct)
    {
        var rows = (await c.QueryAsync<(long Seq, string Json)>(new CommandDefinition("""
            SELECT seq, activity::text FROM supportbot.directline_activities WHERE conversation_id = @conversationId AND client_key = @key
            """, new { conversationId, key }, cancellationToken: ct))).ToList();
        return rows.Count == 0 ? null : (ActivityJson.Deserialize(rows[0].Json)!, rows[0].Seq);
    }

    /// <summary>
    /// Claims the turn of a learner's activity stored earlier whose turn has not finished and whose
    /// holder's lease ran out (its host died): true when the caller should run it now.
    /// </summary>
    public async Task<bool> TryClaimTurnAsync(string conversationId, long seq, TimeSpan lease, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.directline_activities SET turn_claimed_until = now() + @lease
            WHERE conversation_id = @conversationId AND seq = @seq AND turn_claimed_until < now()
            """, new { conversationId, seq, lease }, cancellationToken: ct)) == 1;
    }

    /// <summary>Claims up to <paramref name="limit"/> unfinished turns whose holder's lease ran out, oldest first.</summary>
    public async Task<IReadOnlyList<DirectLineAppend>> ClaimAbandonedTurnsAsync(TimeSpan lease, int limit, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<(long Seq, string Json)>(new CommandDefinition("""
            UPDATE supportbot.directline_activities a SET turn_claimed_until = now() + @lease
            FROM (SELECT conversation_id, seq FROM supportbot.directline_activities
                  WHERE turn_claimed_until < now() ORDER BY turn_claimed_until LIMIT @limit FOR UPDATE SKIP LOCKED) due
            WHERE a.conversation_id = due.conversation_id AND a.seq = due.seq
            RETURNING a.seq, a.activity::text
            """, new { lease, limit }, cancellationToken: ct));
        return [.. rows.Select(r => new DirectLineAppend(ActivityJson.Deserialize(r.Json)!, r.Seq, Appended: false))];
    }

    /// <summary>The turn of this learner activity has run: no one runs it again.</summary>
    public async Task CompleteTurnAsync(string conversationId, long seq, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.directline_activities SET turn_claimed_until = NULL WHERE conversation_id = @conversationId AND seq = @seq
            """, new { conversationId, seq }, cancellationToken: ct));
    }

    /// <summary>
    /// Makes sure the learner's activities of this conversation are on disk before the POST is
    /// acknowledged: nothing to do when a synchronous commit (the bot's reply) followed them, else one
    /// synchronous no-op write of the conversation row flushes the WAL up to them.
    /// </summary>
    public async Task EnsureDurableAsync(string conversationId, CancellationToken ct)
    {
        if (!notYetFlushed.TryGetValue(conversationId, out var pending))
        {
            return;
        }

        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.directline_conversations SET last_seq = last_seq WHERE id = @conversationId",
            new { conversationId }, cancellationToken: ct));
        notYetFlushed.TryRemove(new KeyValuePair<string, long>(conversationId, pending));
    }

    /// <summary>The serialized activity with its id as first property: what the stream sends, without a database read.</summary>
    private static string WithId(string json, string id) =>
        json.Length > 2
            ? string.Concat("{\"id\":", JsonSerializer.Serialize(id, ActivityJson.Options), ",", json.AsSpan(1))
            : string.Concat("{\"id\":", JsonSerializer.Serialize(id, ActivityJson.Options), "}");

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

    /// <summary>
    /// Stores a learner's files, all or none: under a lock on the learner, their uploads of the last
    /// <see cref="UploadQuota.Window"/> (every conversation) plus these must stay within the quota.
    /// </summary>
    /// <returns>The upload ids, in order; or none and how long until the oldest counted upload leaves the window.</returns>
    public async Task<(IReadOnlyList<string>? Ids, TimeSpan RetryAfter)> SaveLearnerUploadsAsync(
        string conversationId, string userId, IReadOnlyList<NewUpload> files, UploadQuota quota, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('directline-upload:' || @userId, 0))",
            new { userId }, tx, cancellationToken: ct));
        if (quota.Files > 0 || quota.Bytes > 0)
        {
            // octet_length reads a stored bytea's size from its TOAST header: the files are not read back.
            var used = await c.QuerySingleAsync<(long Files, long Bytes, DateTime? Oldest)>(new CommandDefinition("""
                SELECT count(*), COALESCE(sum(octet_length(content)), 0), min(created_at)
                FROM supportbot.directline_uploads WHERE uploaded_by = @userId AND created_at > @since
                """, new { userId, since = now - quota.Window }, tx, cancellationToken: ct));
            var bytes = files.Sum(f => (long)f.Content.Length);
            if ((quota.Files > 0 && used.Files + files.Count > quota.Files) || (quota.Bytes > 0 && used.Bytes + bytes > quota.Bytes))
            {
                var wait = used.Oldest is { } oldest ? DateTime.SpecifyKind(oldest, DateTimeKind.Utc) + quota.Window - now : quota.Window;
                return (null, wait > TimeSpan.Zero ? wait : TimeSpan.FromSeconds(1));
            }
        }

        var ids = new List<string>(files.Count);
        foreach (var file in files)
        {
            var id = NewId(24);
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO supportbot.directline_uploads (id, conversation_id, content_type, file_name, content, uploaded_by, created_at)
                VALUES (@id, @conversationId, @ContentType, @FileName, @Content, @userId, @now)
                """, new { id, conversationId, file.ContentType, file.FileName, file.Content, userId, now }, tx, cancellationToken: ct));
            ids.Add(id);
        }

        await tx.CommitAsync(ct);
        return (ids, TimeSpan.Zero);
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
    public static string NewId(int bytes) => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(bytes));
}

public sealed record DirectLineUser(string UserId, string? UserName, Guid? PersonId, string? Locale, string? TimeZone);

public sealed record DirectLineConversation(string Id, string UserId, string? UserName, Guid? PersonId, string? Locale, string? TimeZone, long LastSeq);

/// <param name="Appended">False when the conversation already held an activity under the same key: <paramref name="Activity"/> is that one.</param>
public sealed record DirectLineAppend(Activity Activity, long Seq, bool Appended);

public sealed record DirectLineActivitySet(IReadOnlyList<string> ActivitiesJson, long Watermark);

public sealed record DirectLineUpload(string ContentType, string FileName, byte[] Content);

public sealed record NewUpload(string ContentType, string FileName, byte[] Content);

/// <summary>What one learner may upload per <paramref name="Window"/>, across conversations (0 = no limit).</summary>
public sealed record UploadQuota(int Files, long Bytes, TimeSpan Window);

public sealed class DirectLineConversationNotFoundException(string conversationId)
    : Exception($"Direct Line conversation {conversationId} does not exist.")
{
    public string ConversationId { get; } = conversationId;
}
