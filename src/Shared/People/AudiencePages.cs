using Dapper;
using Npgsql;

namespace SupportBot.Shared.People;

public enum AudienceKind
{
    /// <summary>Everyone enrolled in the module.</summary>
    Module,

    /// <summary>Everyone enrolled in the module in one cohort.</summary>
    Cohort,

    /// <summary>Learners of the module (or of any module) not seen in the chat for N days.</summary>
    Inactive,

    /// <summary>All volunteers who have not withdrawn.</summary>
    Volunteers,

    /// <summary>A list of people.</summary>
    Explicit,
}

public sealed record AudienceFilter(AudienceKind Kind, string? ModuleId = null, string? Cohort = null, int? InactiveDays = null, IReadOnlyList<Guid>? People = null);

public sealed record AudienceMember(Guid PersonId, string TimeZone);

/// <summary>An audience's size now, and how many of its members opted out of the messages in question.</summary>
public sealed record AudienceSize(int Members, int OptedOut)
{
    public int Reached => Members - OptedOut;
}

/// <summary>Who a message is addressed to.</summary>
public sealed record Recipient(Guid PersonId, string DisplayName, string Email, string Locale, string TimeZone);

/// <summary>
/// A group of people read page by page in person-id order (keyset pagination): a campaign to
/// 100,000 learners holds one page in memory at a time, and a resumed reader continues after the
/// last id it saw. Erased people are never part of an audience.
/// </summary>
public sealed class AudiencePages(NpgsqlDataSource db)
{
    /// <param name="after">The last person id of the previous page; Guid.Empty for the first page.</param>
    /// <param name="now">For Inactive: the last activity must be before now minus InactiveDays.</param>
    public async Task<IReadOnlyList<AudienceMember>> PageAsync(AudienceFilter filter, Guid after, int size, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<AudienceMember>(new CommandDefinition($"""
            SELECT p.id AS PersonId, p.time_zone AS TimeZone
            FROM supportbot.people p
            WHERE p.erased_at IS NULL AND p.id > @after AND {Condition(filter)}
            ORDER BY p.id
            LIMIT @size
            """, Parameters(filter, now, new { after, size }), cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// How many people the audience holds now, and how many of them said "stop" to
    /// <paramref name="category"/>: what a tutor reads before scheduling a campaign.
    /// </summary>
    public async Task<AudienceSize> CountAsync(AudienceFilter filter, string category, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(filter);
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleAsync<AudienceSize>(new CommandDefinition($"""
            SELECT count(*)::int AS Members,
                   count(*) FILTER (WHERE EXISTS (SELECT 1 FROM supportbot.email_preferences ep WHERE ep.person_id = p.id AND ep.category = @category))::int AS OptedOut
            FROM supportbot.people p
            WHERE p.erased_at IS NULL AND {Condition(filter)}
            """, Parameters(filter, now, new { category }), cancellationToken: ct));
    }

    private static string Condition(AudienceFilter filter) => filter.Kind switch
    {
        AudienceKind.Module => "EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = p.id AND e.module_id = @ModuleId)",
        AudienceKind.Cohort => "EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = p.id AND e.module_id = @ModuleId AND e.cohort = @Cohort)",
        // Activity is the last turn in any conversation; someone never seen counts from their enrolment.
        AudienceKind.Inactive => """
            EXISTS (SELECT 1 FROM supportbot.enrolments e WHERE e.person_id = p.id AND (@ModuleId::text IS NULL OR e.module_id = @ModuleId)
                    AND COALESCE((SELECT max(cr.last_seen_at) FROM supportbot.conversation_references cr WHERE cr.person_id = p.id),
                                 e.enrolled_at) < @since)
            """,
        AudienceKind.Volunteers => "EXISTS (SELECT 1 FROM supportbot.volunteers v WHERE v.person_id = p.id AND v.revoked_at IS NULL)",
        AudienceKind.Explicit => "p.id = ANY(@people)",
        _ => throw new ArgumentOutOfRangeException(nameof(filter)),
    };

    private static DynamicParameters Parameters(AudienceFilter filter, DateTimeOffset now, object more)
    {
        var parameters = new DynamicParameters(more);
        parameters.AddDynamicParams(new
        {
            filter.ModuleId, filter.Cohort, since = now - TimeSpan.FromDays(filter.InactiveDays ?? 0), people = (filter.People ?? []).ToArray(),
        });
        return parameters;
    }

    public async Task<Recipient?> FindRecipientAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<Recipient>(new CommandDefinition("""
            SELECT id AS PersonId, display_name AS DisplayName, email AS Email, locale AS Locale, time_zone AS TimeZone
            FROM supportbot.people WHERE id = @personId AND erased_at IS NULL
            """, new { personId }, cancellationToken: ct));
    }

    /// <summary>Every member, page by page (for previews and small audiences).</summary>
    public async IAsyncEnumerable<AudienceMember> ReadAllAsync(AudienceFilter filter, int pageSize, DateTimeOffset now,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var after = Guid.Empty;
        while (true)
        {
            var page = await PageAsync(filter, after, pageSize, now, ct);
            foreach (var member in page)
            {
                yield return member;
            }

            if (page.Count < pageSize)
            {
                yield break;
            }

            after = page[^1].PersonId;
        }
    }
}

/// <summary>Opt-outs of many people at once, for senders that work in batches.</summary>
public sealed class EmailOptOuts(NpgsqlDataSource db)
{
    public async Task<HashSet<Guid>> WhoOptedOutAsync(IReadOnlyCollection<Guid> people, string category, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(people);
        if (people.Count == 0)
        {
            return [];
        }

        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<Guid>(new CommandDefinition(
            "SELECT person_id FROM supportbot.email_preferences WHERE person_id = ANY(@ids) AND category = @category",
            new { ids = people.ToArray(), category }, cancellationToken: ct))).ToHashSet();
    }
}
