using System.Collections.Concurrent;
using Dapper;
using Npgsql;

namespace SupportBot.Shared.Conversations;

/// <summary>Owns supportbot.conversation_references: where each learner can be reached again.</summary>
public sealed class ConversationReferenceStore(NpgsqlDataSource db, TimeProvider clock)
{
    /// <summary>
    /// How stale last_seen_at may get: a turn whose reference is the one this process wrote less than
    /// this long ago skips the write (a learner's turns in a row are one round trip cheaper). Readers
    /// of last_seen_at (nudges, "back in the chat since the answer?") work in hours and days.
    /// </summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);

    /// <summary>Bounds the memory of <see cref="written"/>; when full it starts again empty (a miss costs one upsert).</summary>
    private const int MaxRemembered = 50_000;

    private readonly ConcurrentDictionary<(string Channel, string Conversation, string User), Written> written = new();

    /// <summary>Inserts or refreshes the reference (serviceUrl, locale... can change between turns); returns its row id.</summary>
    public async Task<long> UpsertAsync(ConversationReference reference, Guid? personId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var key = (reference.ChannelId, reference.ConversationId, reference.UserId);
        var now = clock.GetUtcNow();
        if (written.TryGetValue(key, out var last) && last.Reference == reference && last.PersonId == personId && now - last.At < RefreshInterval)
        {
            return last.Id;
        }

        var id = await WriteAsync(reference, personId, ct);
        if (written.Count >= MaxRemembered)
        {
            written.Clear();
        }

        written[key] = new Written(reference, personId, id, now);
        return id;
    }

    /// <summary>The next turn of this conversation writes its reference again (after a failed turn, the row may be gone: erased learner).</summary>
    public void Forget(ConversationReference reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        written.TryRemove((reference.ChannelId, reference.ConversationId, reference.UserId), out _);
    }

    private async Task<long> WriteAsync(ConversationReference reference, Guid? personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO supportbot.conversation_references
                (channel_id, service_url, conversation_id, tenant_id, bot_id, bot_name, user_id, user_name, aad_object_id, locale, time_zone, person_id, is_personal)
            VALUES (@ChannelId, @ServiceUrl, @ConversationId, @TenantId, @BotId, @BotName, @UserId, @UserName, @AadObjectId, @Locale, @TimeZone, @personId, @IsPersonal)
            ON CONFLICT (channel_id, conversation_id, user_id) DO UPDATE SET
                service_url = excluded.service_url,
                tenant_id = COALESCE(excluded.tenant_id, conversation_references.tenant_id),
                bot_id = excluded.bot_id, bot_name = excluded.bot_name, user_name = excluded.user_name,
                aad_object_id = COALESCE(excluded.aad_object_id, conversation_references.aad_object_id),
                locale = COALESCE(excluded.locale, conversation_references.locale),
                time_zone = COALESCE(excluded.time_zone, conversation_references.time_zone),
                person_id = COALESCE(excluded.person_id, conversation_references.person_id),
                is_personal = excluded.is_personal,
                last_seen_at = now()
            RETURNING id
            """, new
        {
            reference.ChannelId, reference.ServiceUrl, reference.ConversationId, reference.TenantId, reference.BotId, reference.BotName,
            reference.UserId, reference.UserName, reference.AadObjectId, reference.Locale, reference.TimeZone, personId, reference.IsPersonal,
        }, cancellationToken: ct));
    }

    /// <summary>
    /// Stores the 1:1 conversation the bot opened with the user of <paramref name="from"/> (a channel
    /// or group chat), for the same person, so their next personal message goes straight there.
    /// </summary>
    public async Task<long> AddOpenedPersonalAsync(ConversationReference personal, ConversationReference from, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(personal);
        ArgumentNullException.ThrowIfNull(from);
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<long>(new CommandDefinition("""
            INSERT INTO supportbot.conversation_references
                (channel_id, service_url, conversation_id, tenant_id, bot_id, bot_name, user_id, user_name, aad_object_id, locale, time_zone, person_id, is_personal)
            SELECT @ChannelId, @ServiceUrl, @ConversationId, @TenantId, @BotId, @BotName, @UserId, @UserName, @AadObjectId, @Locale, @TimeZone,
                   (SELECT person_id FROM supportbot.conversation_references
                    WHERE channel_id = @ChannelId AND conversation_id = @fromConversation AND user_id = @UserId), true
            ON CONFLICT (channel_id, conversation_id, user_id) DO UPDATE SET
                person_id = COALESCE(conversation_references.person_id, excluded.person_id), is_personal = true, last_seen_at = now()
            RETURNING id
            """, new
        {
            personal.ChannelId, personal.ServiceUrl, personal.ConversationId, personal.TenantId, personal.BotId, personal.BotName,
            personal.UserId, personal.UserName, personal.AadObjectId, personal.Locale, personal.TimeZone, fromConversation = from.ConversationId,
        }, cancellationToken: ct));
    }

    private sealed record Written(ConversationReference Reference, Guid? PersonId, long Id, DateTimeOffset At);

    public async Task<StoredConversationReference?> FindAsync(long id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<StoredConversationReference>(new CommandDefinition(SelectSql + " WHERE id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>
    /// The person's most recently used 1:1 conversation, to reach them proactively; a channel or
    /// group chat only when there is no 1:1 one (<see cref="ChatSender"/> then opens one).
    /// </summary>
    public async Task<StoredConversationReference?> FindLatestForPersonAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<StoredConversationReference>(new CommandDefinition(
            SelectSql + " WHERE person_id = @personId ORDER BY is_personal DESC, last_seen_at DESC LIMIT 1", new { personId }, cancellationToken: ct));
    }

    private const string SelectSql = """
        SELECT id AS Id, channel_id AS ChannelId, service_url AS ServiceUrl, conversation_id AS ConversationId, tenant_id AS TenantId,
               bot_id AS BotId, bot_name AS BotName, user_id AS UserId, user_name AS UserName, aad_object_id AS AadObjectId,
               locale AS Locale, time_zone AS TimeZone, person_id AS PersonId, last_seen_at AS LastSeenAt, is_personal AS IsPersonal
        FROM supportbot.conversation_references
        """;
}

public sealed record StoredConversationReference(
    long Id, string ChannelId, string ServiceUrl, string ConversationId, string? TenantId, string BotId, string? BotName,
    string UserId, string? UserName, string? AadObjectId, string? Locale, string? TimeZone, Guid? PersonId, DateTimeOffset LastSeenAt,
    bool IsPersonal = true)
{
    public ConversationReference ToReference() =>
        new(ChannelId, ServiceUrl, ConversationId, TenantId, BotId, BotName, UserId, UserName, AadObjectId, Locale, TimeZone, IsPersonal);
}
