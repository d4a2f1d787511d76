using Dapper;
using Npgsql;

namespace SupportBot.Shared.People;

/// <summary>Owns courses, modules, people and their roles (enrolments, tutors, volunteers).</summary>
public sealed class PeopleStore(NpgsqlDataSource db)
{
    public async Task UpsertCourseAsync(string id, string title, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.courses (id, title) VALUES (@id, @title)
            ON CONFLICT (id) DO UPDATE SET title = excluded.title
            """, new { id, title }, cancellationToken: ct));
    }

    public async Task UpsertModuleAsync(string id, string courseId, string title, DateOnly? examDate, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.modules (id, course_id, title, exam_date) VALUES (@id, @courseId, @title, @examDate)
            ON CONFLICT (id) DO UPDATE SET course_id = excluded.course_id, title = excluded.title, exam_date = excluded.exam_date
            """, new { id, courseId, title, examDate }, cancellationToken: ct));
    }

    /// <summary>The words learners use for a module without naming it ("RECHERCHEV", "tableur"): the module of a question is read from them.</summary>
    public async Task SetModuleKeywordsAsync(string id, IReadOnlyList<string> keywords, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(
            "UPDATE supportbot.modules SET keywords = @keywords WHERE id = @id", new { id, keywords = keywords.ToArray() }, cancellationToken: ct));
    }

    /// <summary>A former learner of the module: as a volunteer they get its questions although no longer enrolled.</summary>
    public async Task AddAlumnusAsync(Guid personId, string moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.module_alumni (person_id, module_id) VALUES (@personId, @moduleId) ON CONFLICT DO NOTHING
            """, new { personId, moduleId }, cancellationToken: ct));
    }

    /// <summary>Creates or updates a person known to the course platform by its own id.</summary>
    public async Task<Guid> UpsertPersonAsync(PersonRecord person, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            INSERT INTO supportbot.people (external_id, display_name, email, locale, time_zone, is_admin)
            VALUES (@ExternalId, @DisplayName, @Email, @Locale, @TimeZone, @IsAdmin)
            ON CONFLICT (external_id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
                locale = excluded.locale, time_zone = excluded.time_zone, is_admin = excluded.is_admin
            RETURNING id
            """, person, cancellationToken: ct));
    }

    /// <summary>
    /// The learner as the course platform describes them (signed link): created on first sight,
    /// refreshed afterwards, enrolled in the link's module when SupportBot knows that module.
    /// </summary>
    public async Task<Guid> UpsertLearnerAsync(LearnerIdentity learner, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        // A learner opens the chat far more often than their profile changes: an unchanged row is not
        // rewritten (no new row version, no WAL to flush), and is then read in the same statement. That read
        // cannot see a row another request inserted after the statement began: then the second try does.
        var id = await TryUpsertLearnerRowAsync(c, learner, ct) ?? await UpsertLearnerRowAsync(c, learner, ct)
            ?? throw new InvalidOperationException($"Learner {learner.LearnerId} was neither inserted, updated nor found.");
        if (learner.Course is not null)
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO supportbot.enrolments (person_id, module_id)
                SELECT @id, m.id FROM supportbot.modules m WHERE m.id = @Course
                ON CONFLICT DO NOTHING
                """, new { id, learner.Course }, cancellationToken: ct));
        }

        return id;
    }

    // Two tabs inserting the same new learner race on both unique indexes; ON CONFLICT arbitrates only
    // external_id, so the loser may trip over the email index instead. The second try finds the row
    // by external_id; a real clash (another account with this email) fails again and goes up.
    private static async Task<Guid?> TryUpsertLearnerRowAsync(NpgsqlConnection c, LearnerIdentity learner, CancellationToken ct)
    {
        try
        {
            return await UpsertLearnerRowAsync(c, learner, ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation && e.ConstraintName == "people_email_key")
        {
            return null;
        }
    }

    private static Task<Guid?> UpsertLearnerRowAsync(NpgsqlConnection c, LearnerIdentity learner, CancellationToken ct) =>
        c.ExecuteScalarAsync<Guid?>(new CommandDefinition("""
            WITH written AS (
                INSERT INTO supportbot.people (external_id, display_name, email, locale, time_zone)
                VALUES (@LearnerId, @DisplayName, @Email, @Locale, @TimeZone)
                ON CONFLICT (external_id) DO UPDATE SET display_name = excluded.display_name, email = excluded.email,
                    locale = excluded.locale, time_zone = excluded.time_zone
                WHERE (people.display_name, people.email, people.locale, people.time_zone)
                      IS DISTINCT FROM (excluded.display_name, excluded.email, excluded.locale, excluded.time_zone)
                RETURNING id)
            SELECT id FROM written
            UNION ALL
            SELECT id FROM supportbot.people WHERE external_id = @LearnerId AND NOT EXISTS (SELECT 1 FROM written)
            """, learner, cancellationToken: ct));

    public async Task EnrolAsync(Guid personId, string moduleId, string? cohort, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.enrolments (person_id, module_id, cohort) VALUES (@personId, @moduleId, @cohort)
            ON CONFLICT (person_id, module_id) DO UPDATE SET cohort = excluded.cohort
            """, new { personId, moduleId, cohort }, cancellationToken: ct));
    }

    public async Task AddTutorAsync(Guid personId, string moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.module_tutors (person_id, module_id) VALUES (@personId, @moduleId)
            ON CONFLICT DO NOTHING
            """, new { personId, moduleId }, cancellationToken: ct));
    }

    /// <summary>Records a volunteer's consent and preferences; a later call updates them and clears a revocation.</summary>
    public async Task UpsertVolunteerAsync(Guid personId, VolunteerPreferences preferences, string optedInVia, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.volunteers (person_id, topics, max_questions_week, quiet_from, quiet_until, opted_in_via)
            VALUES (@personId, @Topics, @MaxQuestionsPerWeek, @QuietFrom, @QuietUntil, @optedInVia)
            ON CONFLICT (person_id) DO UPDATE SET topics = excluded.topics, max_questions_week = excluded.max_questions_week,
                quiet_from = excluded.quiet_from, quiet_until = excluded.quiet_until, revoked_at = NULL
            """, new { personId, preferences.Topics, preferences.MaxQuestionsPerWeek, preferences.QuietFrom, preferences.QuietUntil, optedInVia },
            cancellationToken: ct));
    }

    /// <summary>The person's volunteering as it stands (revoked included); null when they never volunteered.</summary>
    public async Task<VolunteerState?> FindVolunteerAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<StoredVolunteer>(new CommandDefinition("""
            SELECT topics AS Topics, max_questions_week AS MaxQuestionsPerWeek, quiet_from AS QuietFrom, quiet_until AS QuietUntil,
                   paused_until AS PausedUntil, revoked_at IS NOT NULL AS Revoked
            FROM supportbot.volunteers WHERE person_id = @personId
            """, new { personId }, cancellationToken: ct));
        return row is null ? null : new VolunteerState(row.Topics, row.MaxQuestionsPerWeek, row.QuietFrom, row.QuietUntil, row.PausedUntil, row.Revoked);
    }

    /// <summary>The volunteer chose their topics (exactly these). False when they are not an active volunteer.</summary>
    public async Task<bool> SetVolunteerTopicsAsync(Guid personId, IReadOnlyList<string> topics, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(topics);
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.volunteers SET topics = @topics WHERE person_id = @personId AND revoked_at IS NULL
            """, new { personId, topics = topics.ToArray() }, cancellationToken: ct)) == 1;
    }

    /// <summary>Routing skips the volunteer until <paramref name="until"/> (inclusive); null resumes. False when they are not an active volunteer.</summary>
    public async Task<bool> PauseVolunteerAsync(Guid personId, DateOnly? until, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.volunteers SET paused_until = @until WHERE person_id = @personId AND revoked_at IS NULL
            """, new { personId, until }, cancellationToken: ct)) == 1;
    }

    /// <summary>The volunteer withdraws consent: routing stops asking them at once; their preferences are kept.</summary>
    public async Task RevokeVolunteerAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.volunteers SET revoked_at = now() WHERE person_id = @personId AND revoked_at IS NULL
            """, new { personId }, cancellationToken: ct));
    }

    /// <summary>Opts a person out of (or back into) one email category: routed_questions, campaigns, digests, nudges.</summary>
    public async Task SetEmailOptOutAsync(Guid personId, string category, bool optedOut, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(optedOut
            ? """
              INSERT INTO supportbot.email_preferences (person_id, category) VALUES (@personId, @category)
              ON CONFLICT (person_id, category) DO NOTHING
              """
            : "DELETE FROM supportbot.email_preferences WHERE person_id = @personId AND category = @category",
            new { personId, category }, cancellationToken: ct));
    }

    /// <summary>Whether the person opted out of this email category.</summary>
    public async Task<bool> IsOptedOutAsync(Guid personId, string category, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.email_preferences WHERE person_id = @personId AND category = @category)",
            new { personId, category }, cancellationToken: ct));
    }

    public async Task<LearnerIdentity?> FindLearnerAsync(string externalId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<LearnerIdentity>(new CommandDefinition("""
            SELECT p.external_id AS LearnerId, p.display_name AS DisplayName, p.email AS Email,
                   (SELECT min(e.module_id) FROM supportbot.enrolments e WHERE e.person_id = p.id) AS Course,
                   p.locale AS Locale, p.time_zone AS TimeZone
            FROM supportbot.people p WHERE p.external_id = @externalId AND p.erased_at IS NULL
            """, new { externalId }, cancellationToken: ct));
    }

    /// <summary>External ids of everyone enrolled somewhere, for demo links.</summary>
    /// <summary>
    /// The person (not erased) with one of these email addresses, compared case-insensitively, in
    /// the order given; null when none. Identifies a channel user whose email the channel told us.
    /// </summary>
    public async Task<Guid?> FindByEmailAsync(IReadOnlyList<string> emails, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var wanted = emails.Where(e => !string.IsNullOrWhiteSpace(e)).Select(e => e.Trim().ToLowerInvariant()).Distinct().ToArray();
        if (wanted.Length == 0)
        {
            return null;
        }

        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QueryFirstOrDefaultAsync<Guid?>(new CommandDefinition("""
            SELECT p.id FROM supportbot.people p
            WHERE lower(p.email) = ANY(@wanted) AND p.erased_at IS NULL
            ORDER BY array_position(@wanted, lower(p.email))
            LIMIT 1
            """, new { wanted }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<string>> ListLearnerIdsAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<string>(new CommandDefinition("""
            SELECT DISTINCT p.external_id FROM supportbot.people p JOIN supportbot.enrolments e ON e.person_id = p.id
            WHERE p.external_id IS NOT NULL AND p.erased_at IS NULL ORDER BY 1
            """, cancellationToken: ct))).ToList();
    }

    public async Task<string?> FindLocaleAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT locale FROM supportbot.people WHERE id = @personId", new { personId }, cancellationToken: ct));
    }

    /// <summary>The modules the person is enrolled in, by title.</summary>
    public async Task<IReadOnlyList<EnrolledModule>> ListEnrolledModulesAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<EnrolledModule>(new CommandDefinition("""
            SELECT m.id AS Id, m.title AS Title FROM supportbot.enrolments e JOIN supportbot.modules m ON m.id = e.module_id
            WHERE e.person_id = @personId ORDER BY m.title, m.id
            """, new { personId }, cancellationToken: ct))).ToList();
    }

    /// <summary>The person's IANA time zone (people.time_zone), or null when unknown.</summary>
    public async Task<string?> FindTimeZoneAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT time_zone FROM supportbot.people WHERE id = @personId", new { personId }, cancellationToken: ct));
    }

    /// <summary>
    /// Creates the module (and its course) on first sight, as a course platform launch names it; an
    /// existing one is left as tutors set it. Returns the course's default language and time zone.
    /// </summary>
    public async Task<(string Locale, string TimeZone)> EnsureModuleAsync(string moduleId, string courseId, string title, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleAsync<(string, string)>(new CommandDefinition("""
            INSERT INTO supportbot.courses (id, title) VALUES (@courseId, @courseId) ON CONFLICT (id) DO NOTHING;
            INSERT INTO supportbot.modules (id, course_id, title) VALUES (@moduleId, @courseId, @title) ON CONFLICT (id) DO NOTHING;
            SELECT c.default_locale, c.default_time_zone FROM supportbot.modules m JOIN supportbot.courses c ON c.id = m.course_id WHERE m.id = @moduleId;
            """, new { moduleId, courseId, title }, cancellationToken: ct));
    }

    /// <summary>The person (not erased) with this external id, else with this email (case-insensitive); null when neither.</summary>
    public async Task<KnownPersonRecord?> FindByExternalIdOrEmailAsync(string externalId, string? email, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QueryFirstOrDefaultAsync<KnownPersonRecord>(new CommandDefinition("""
            SELECT id AS Id, external_id AS ExternalId, display_name AS DisplayName, email AS Email, locale AS Locale, time_zone AS TimeZone
            FROM supportbot.people
            WHERE erased_at IS NULL AND (external_id = @externalId OR lower(email) = lower(@email))
            ORDER BY (external_id = @externalId) IS TRUE DESC
            LIMIT 1
            """, new { externalId, email = email ?? "" }, cancellationToken: ct));
    }

    public async Task<int> CountPeopleAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<int>(new CommandDefinition("SELECT count(*) FROM supportbot.people WHERE erased_at IS NULL", cancellationToken: ct));
    }
}

/// <summary>
/// The row behind <see cref="VolunteerState"/>: Dapper applies its TimeOnly/DateOnly handlers to settable
/// properties only, not to a record's constructor (mapping the record directly failed the volunteer tests).
/// </summary>
internal sealed class StoredVolunteer
{
    public string[] Topics { get; set; } = [];

    public int MaxQuestionsPerWeek { get; set; }

    public TimeOnly? QuietFrom { get; set; }

    public TimeOnly? QuietUntil { get; set; }

    public DateOnly? PausedUntil { get; set; }

    public bool Revoked { get; set; }
}

public sealed record PersonRecord(string ExternalId, string DisplayName, string Email, string Locale, string TimeZone, bool IsAdmin);

public sealed record EnrolledModule(string Id, string Title);

public sealed record KnownPersonRecord(Guid Id, string? ExternalId, string DisplayName, string Email, string Locale, string TimeZone);

public sealed record VolunteerPreferences(string[] Topics, int MaxQuestionsPerWeek, TimeOnly? QuietFrom, TimeOnly? QuietUntil);

/// <summary>A volunteer's preferences, pause and consent as stored.</summary>
public sealed record VolunteerState(string[] Topics, int MaxQuestionsPerWeek, TimeOnly? QuietFrom, TimeOnly? QuietUntil, DateOnly? PausedUntil, bool Revoked)
{
    public VolunteerPreferences Preferences => new(Topics, MaxQuestionsPerWeek, QuietFrom, QuietUntil);
}
