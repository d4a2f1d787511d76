using Dapper;
using Npgsql;

namespace SupportBot.Shared.Roster;

public sealed record RosterImportRequest(Stream File, string? Module, string? Course, bool DryRun, IReadOnlyDictionary<string, string>? Columns = null);

public sealed record RosterImportResult(string Format, RosterPlan Plan, bool Applied);

/// <summary>
/// Imports a course platform's roster all or nothing: the file is read, compared with the
/// database and applied in one transaction (imports one at a time, under an advisory lock), or
/// nothing at all when a row is wrong or on a dry run. It writes People's tables (people,
/// courses, modules, enrolments, module_tutors) the way the course platform sees them.
/// </summary>
public sealed class RosterImport(NpgsqlDataSource db)
{
    // Any fixed key: two imports at once would each plan against a state the other is changing.
    private const long LockKey = 0x526f7374_6572L;

    public async Task<RosterImportResult> RunAsync(RosterImportRequest request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        return await ImportAsync(RosterFile.Read(request.File, request.Module, request.Columns), request.Course, request.DryRun, ct);
    }

    /// <summary>Rows already read (a file, a platform's member list) into SupportBot, all or nothing.</summary>
    internal async Task<RosterImportResult> ImportAsync(RosterFile file, string? courseId, bool dryRun, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(@LockKey)", new { LockKey }, tx, cancellationToken: ct));
        var course = await FindCourseAsync(c, tx, courseId, ct);
        if (course is null)
        {
            var none = new RosterPlan([], [new RosterError(0, "SupportBot has several courses (or none): say which one the modules belong to (--course)")], []);
            return new RosterImportResult(file.Format, none, false);
        }

        var plan = RosterPlanner.Plan(file, await LoadSnapshotAsync(c, tx, file, course, ct));
        if (!plan.IsValid || dryRun || plan.Changes.Count == 0)
        {
            await tx.RollbackAsync(ct);
            return new RosterImportResult(file.Format, plan, false);
        }

        await ApplyAsync(c, tx, plan, ct);
        await tx.CommitAsync(ct);
        return new RosterImportResult(file.Format, plan, true);
    }

    private static async Task<RosterCourse?> FindCourseAsync(NpgsqlConnection c, NpgsqlTransaction tx, string? courseId, CancellationToken ct)
    {
        var courses = (await c.QueryAsync<(string Id, string Locale, string TimeZone)>(new CommandDefinition(
            "SELECT id, default_locale, default_time_zone FROM supportbot.courses WHERE @courseId::text IS NULL OR id = @courseId",
            new { courseId }, tx, cancellationToken: ct))).ToList();
        return courses switch
        {
            [var only] => new RosterCourse(only.Id, true, only.Locale, only.TimeZone),
            [] when courseId is not null => new RosterCourse(courseId, false, "fr", "Europe/Paris"),
            _ => null,
        };
    }

    private static async Task<RosterSnapshot> LoadSnapshotAsync(NpgsqlConnection c, NpgsqlTransaction tx, RosterFile file, RosterCourse course, CancellationToken ct)
    {
        var ids = file.Rows.Select(r => r.ExternalId).Distinct().ToArray();
        var emails = file.Rows.Where(r => r.Email is not null).Select(r => r.Email!.ToLowerInvariant()).Distinct().ToArray();
        var modules = file.Rows.Select(r => r.ModuleId!).Distinct().ToArray();
        var args = new { ids, emails, modules };
        var people = await c.QueryAsync<KnownPerson>(new CommandDefinition("""
            SELECT p.id AS Id, p.external_id AS ExternalId, p.display_name AS DisplayName, p.email AS Email, p.locale AS Locale, p.time_zone AS TimeZone
            FROM supportbot.people p
            WHERE p.erased_at IS NULL AND (p.external_id = ANY(@ids) OR lower(p.email) = ANY(@emails)
                OR p.id IN (SELECT person_id FROM supportbot.enrolments WHERE module_id = ANY(@modules))
                OR p.id IN (SELECT person_id FROM supportbot.module_tutors WHERE module_id = ANY(@modules)))
            """, args, tx, cancellationToken: ct));
        var existing = await c.QueryAsync<string>(new CommandDefinition(
            "SELECT id FROM supportbot.modules WHERE id = ANY(@modules)", args, tx, cancellationToken: ct));
        var enrolments = await c.QueryAsync<KnownEnrolment>(new CommandDefinition("""
            SELECT e.person_id AS PersonId, e.module_id AS ModuleId, e.cohort AS Cohort
            FROM supportbot.enrolments e JOIN supportbot.people p ON p.id = e.person_id
            WHERE e.module_id = ANY(@modules) AND p.erased_at IS NULL
            """, args, tx, cancellationToken: ct));
        var tutors = await c.QueryAsync<KnownTutor>(new CommandDefinition("""
            SELECT t.person_id AS PersonId, t.module_id AS ModuleId
            FROM supportbot.module_tutors t JOIN supportbot.people p ON p.id = t.person_id
            WHERE t.module_id = ANY(@modules) AND p.erased_at IS NULL
            """, args, tx, cancellationToken: ct));
        return new RosterSnapshot(course, [.. people], existing.ToHashSet(StringComparer.Ordinal), [.. enrolments], [.. tutors]);
    }

    private static async Task ApplyAsync(NpgsqlConnection c, NpgsqlTransaction tx, RosterPlan plan, CancellationToken ct)
    {
        Task Run(string sql, object args) => c.ExecuteAsync(new CommandDefinition(sql, args, tx, cancellationToken: ct));
        var created = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var change in plan.Changes)
        {
            switch (change)
            {
                case CourseCreated course:
                    await Run("INSERT INTO supportbot.courses (id, title) VALUES (@Id, @Id)", course);
                    break;
                case ModuleCreated module:
                    // The file knows the course's id, not its title: tutors rename it later.
                    await Run("INSERT INTO supportbot.modules (id, course_id, title) VALUES (@Id, @CourseId, @Id)", module);
                    break;
                case PersonCreated person:
                    created[person.ExternalId] = await c.ExecuteScalarAsync<Guid>(new CommandDefinition("""
                        INSERT INTO supportbot.people (external_id, display_name, email, locale, time_zone)
                        VALUES (@ExternalId, @DisplayName, @Email, @Locale, @TimeZone) RETURNING id
                        """, person, tx, cancellationToken: ct));
                    break;
                case PersonUpdated person:
                    await Run("""
                        UPDATE supportbot.people SET display_name = @DisplayName, email = @Email, locale = @Locale, time_zone = @TimeZone
                        WHERE id = @Id
                        """, person);
                    break;
                case Enrolled enrolled:
                    await Run("""
                        INSERT INTO supportbot.enrolments (person_id, module_id, cohort) VALUES (@person, @ModuleId, @Cohort)
                        ON CONFLICT (person_id, module_id) DO UPDATE SET cohort = excluded.cohort
                        """, new { person = Resolve(enrolled.Person), enrolled.ModuleId, enrolled.Cohort });
                    break;
                case CohortChanged cohort:
                    await Run("UPDATE supportbot.enrolments SET cohort = @Cohort WHERE person_id = @PersonId AND module_id = @ModuleId", cohort);
                    break;
                case Unenrolled unenrolled:
                    await Run("DELETE FROM supportbot.enrolments WHERE person_id = @PersonId AND module_id = @ModuleId", unenrolled);
                    break;
                case TutorAdded tutor:
                    await Run("""
                        INSERT INTO supportbot.module_tutors (person_id, module_id) VALUES (@person, @ModuleId) ON CONFLICT DO NOTHING
                        """, new { person = Resolve(tutor.Person), tutor.ModuleId });
                    break;
                case TutorRemoved tutor:
                    await Run("DELETE FROM supportbot.module_tutors WHERE person_id = @PersonId AND module_id = @ModuleId", tutor);
                    break;
                default:
                    throw new InvalidOperationException($"Unknown roster change {change.GetType().Name}");
            }
        }

        Guid Resolve(PersonRef person) => person.Id ?? created[person.ExternalId];
    }
}
