namespace SupportBot.Shared.Roster;

/// <summary>What SupportBot holds today about the people, modules and course a file talks about.</summary>
public sealed record RosterSnapshot(
    RosterCourse Course,
    IReadOnlyList<KnownPerson> People,
    IReadOnlySet<string> Modules,
    IReadOnlyList<KnownEnrolment> Enrolments,
    IReadOnlyList<KnownTutor> Tutors);

public sealed record RosterCourse(string Id, bool Exists, string DefaultLocale, string DefaultTimeZone);

public sealed record KnownPerson(Guid Id, string? ExternalId, string DisplayName, string Email, string Locale, string TimeZone);

public sealed record KnownEnrolment(Guid PersonId, string ModuleId, string? Cohort);

public sealed record KnownTutor(Guid PersonId, string ModuleId);

/// <summary>A person by id when they exist, else by the external id they are created with.</summary>
public sealed record PersonRef(Guid? Id, string ExternalId, string Label);

public abstract record RosterChange
{
    public abstract string Describe();
}

public sealed record PersonCreated(string ExternalId, string DisplayName, string Email, string Locale, string TimeZone) : RosterChange
{
    public override string Describe() => $"+ person {ExternalId}: {DisplayName} <{Email}> ({Locale}, {TimeZone})";
}

public sealed record PersonUpdated(Guid Id, string Label, string DisplayName, string Email, string Locale, string TimeZone, string What) : RosterChange
{
    public override string Describe() => $"~ person {Label}: {What}";
}

public sealed record CourseCreated(string Id) : RosterChange
{
    public override string Describe() => $"+ course {Id}";
}

public sealed record ModuleCreated(string Id, string CourseId) : RosterChange
{
    public override string Describe() => $"+ module {Id} (course {CourseId})";
}

public sealed record Enrolled(PersonRef Person, string ModuleId, string? Cohort) : RosterChange
{
    public override string Describe() => $"+ enrol {Person.Label} in {ModuleId}" + (Cohort is null ? "" : $" (group {Cohort})");
}

public sealed record CohortChanged(Guid PersonId, string Label, string ModuleId, string? Cohort) : RosterChange
{
    public override string Describe() => $"~ group of {Label} in {ModuleId}: {Cohort ?? "none"}";
}

public sealed record Unenrolled(Guid PersonId, string Label, string ModuleId) : RosterChange
{
    public override string Describe() => $"- unenrol {Label} from {ModuleId} (left the course; the person is kept)";
}

public sealed record TutorAdded(PersonRef Person, string ModuleId) : RosterChange
{
    public override string Describe() => $"+ tutor {Person.Label} of {ModuleId}";
}

public sealed record TutorRemoved(Guid PersonId, string Label, string ModuleId) : RosterChange
{
    public override string Describe() => $"- tutor {Label} no longer tutors {ModuleId} (the person is kept)";
}

public sealed record RosterPlan(IReadOnlyList<RosterChange> Changes, IReadOnlyList<RosterError> Errors, IReadOnlyList<string> Warnings)
{
    public bool IsValid => Errors.Count == 0;

    public string Summary()
    {
        int Count<T>() => Changes.OfType<T>().Count();
        return Changes.Count == 0 ? "No change."
            : $"{Count<PersonCreated>()} people created, {Count<PersonUpdated>()} updated, {Count<ModuleCreated>()} modules created, "
              + $"{Count<Enrolled>()} enrolled, {Count<CohortChanged>()} changed group, {Count<Unenrolled>()} unenrolled, "
              + $"{Count<TutorAdded>()} tutors added, {Count<TutorRemoved>()} tutors removed.";
    }
}

/// <summary>
/// Compares a file with what SupportBot holds and lists the changes; pure. The file is the truth
/// for the modules it names: who is not (or no longer actively) in it is unenrolled, never deleted.
/// A module for which the file has no learner at all (an export filtered to teachers) keeps its
/// learners, and likewise for tutors. The language and time zone of an existing person change only
/// when the file gives them.
/// </summary>
public static class RosterPlanner
{
    public static RosterPlan Plan(RosterFile file, RosterSnapshot now)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(now);
        var errors = new List<RosterError>(file.Errors);
        var warnings = new List<string>();
        var changes = new List<RosterChange>();

        var byExternalId = now.People.Where(p => p.ExternalId is not null).ToDictionary(p => p.ExternalId!, StringComparer.Ordinal);
        var byEmail = now.People.ToDictionary(p => p.Email.ToLowerInvariant(), StringComparer.Ordinal);

        // One person per external id; the rows that name them must agree.
        var people = new Dictionary<string, PersonRef>(StringComparer.Ordinal);
        var emailsInFile = new Dictionary<string, (string ExternalId, int Line)>(StringComparer.Ordinal);
        foreach (var group in file.Rows.GroupBy(r => r.ExternalId, StringComparer.Ordinal))
        {
            var first = group.First();
            var email = group.Select(r => r.Email).FirstOrDefault(e => e is not null);
            var name = group.Select(r => r.DisplayName).FirstOrDefault(n => !string.IsNullOrWhiteSpace(n));
            foreach (var row in group.Skip(1))
            {
                if (row.Email is not null && email is not null && !row.Email.Equals(email, StringComparison.OrdinalIgnoreCase))
                {
                    errors.Add(new RosterError(row.Line, $"{row.ExternalId} has the email {row.Email} here but {email} on line {first.Line}"));
                }
            }

            if (email is not null)
            {
                if (emailsInFile.TryGetValue(email.ToLowerInvariant(), out var other))
                {
                    errors.Add(new RosterError(first.Line, $"{email} is also the email of {other.ExternalId} on line {other.Line}: one address, one person"));
                }

                emailsInFile[email.ToLowerInvariant()] = (group.Key, first.Line);
            }

            var locale = group.Select(r => r.Locale).FirstOrDefault(l => l is not null);
            var timeZone = group.Select(r => r.TimeZone).FirstOrDefault(t => t is not null);
            var known = byExternalId.GetValueOrDefault(group.Key) ?? (email is null ? null : byEmail.GetValueOrDefault(email.ToLowerInvariant()));
            if (known is null)
            {
                if (!group.Any(r => r.Active))
                {
                    continue;
                }

                if (email is null || name is null)
                {
                    errors.Add(new RosterError(first.Line, $"{group.Key} is new to SupportBot: the file must give their name and email"));
                    continue;
                }

                changes.Add(new PersonCreated(group.Key, name, email, locale ?? now.Course.DefaultLocale, timeZone ?? now.Course.DefaultTimeZone));
                people[group.Key] = new PersonRef(null, group.Key, $"{name} ({group.Key})");
                continue;
            }

            if (email is not null && byEmail.TryGetValue(email.ToLowerInvariant(), out var owner) && owner.Id != known.Id)
            {
                errors.Add(new RosterError(first.Line, $"{email} already belongs to another person in SupportBot ({owner.ExternalId ?? owner.DisplayName})"));
                continue;
            }

            var updated = known with
            {
                DisplayName = name ?? known.DisplayName,
                Email = email ?? known.Email,
                Locale = locale ?? known.Locale,
                TimeZone = timeZone ?? known.TimeZone,
            };
            var label = $"{updated.DisplayName} ({known.ExternalId ?? group.Key})";
            if (updated != known)
            {
                var what = new List<string>();
                if (updated.DisplayName != known.DisplayName)
                {
                    what.Add($"name {known.DisplayName} → {updated.DisplayName}");
                }

                if (updated.Email != known.Email)
                {
                    what.Add($"email {known.Email} → {updated.Email}");
                }

                if (updated.Locale != known.Locale)
                {
                    what.Add($"language {known.Locale} → {updated.Locale}");
                }

                if (updated.TimeZone != known.TimeZone)
                {
                    what.Add($"time zone {known.TimeZone} → {updated.TimeZone}");
                }

                changes.Add(new PersonUpdated(known.Id, label, updated.DisplayName, updated.Email, updated.Locale, updated.TimeZone, string.Join(", ", what)));
            }

            people[group.Key] = new PersonRef(known.Id, known.ExternalId ?? group.Key, label);
        }

        if (!now.Course.Exists)
        {
            changes.Add(new CourseCreated(now.Course.Id));
        }

        var modules = file.Rows.Select(r => r.ModuleId!).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        changes.AddRange(modules.Where(m => !now.Modules.Contains(m)).Select(m => new ModuleCreated(m, now.Course.Id)));

        var labels = now.People.ToDictionary(p => p.Id, p => $"{p.DisplayName} ({p.ExternalId ?? p.Email})");
        foreach (var module in modules)
        {
            var rows = file.Rows.Where(r => r.ModuleId == module).ToList();
            PlanLearners(module, rows, now, people, labels, file.HasCohorts, changes, warnings);
            PlanTutors(module, rows, now, people, labels, changes, warnings);
        }

        return new RosterPlan(errors.Count > 0 ? [] : changes, [.. errors.OrderBy(e => e.Line)], warnings);
    }

    private static void PlanLearners(string module, List<RosterRow> rows, RosterSnapshot now, Dictionary<string, PersonRef> people,
        Dictionary<Guid, string> labels, bool hasCohorts, List<RosterChange> changes, List<string> warnings)
    {
        var enrolled = now.Enrolments.Where(e => e.ModuleId == module).ToDictionary(e => e.PersonId);
        if (!rows.Any(r => r.Role == RosterRole.Learner))
        {
            if (enrolled.Count > 0)
            {
                warnings.Add($"{module}: the file lists no learner, so its {enrolled.Count} enrolled learners are kept");
            }

            return;
        }

        var wanted = new HashSet<Guid>();
        foreach (var row in rows.Where(r => r.Role == RosterRole.Learner && r.Active).DistinctBy(r => r.ExternalId))
        {
            if (!people.TryGetValue(row.ExternalId, out var person))
            {
                continue;
            }

            if (person.Id is not { } id)
            {
                changes.Add(new Enrolled(person, module, row.Cohort));
                continue;
            }

            wanted.Add(id);
            if (!enrolled.TryGetValue(id, out var enrolment))
            {
                changes.Add(new Enrolled(person, module, row.Cohort));
            }
            else if (hasCohorts && enrolment.Cohort != row.Cohort)
            {
                changes.Add(new CohortChanged(id, person.Label, module, row.Cohort));
            }
        }

        changes.AddRange(enrolled.Keys.Where(id => !wanted.Contains(id)).Order()
            .Select(id => new Unenrolled(id, labels.GetValueOrDefault(id, id.ToString()), module)));
    }

    private static void PlanTutors(string module, List<RosterRow> rows, RosterSnapshot now, Dictionary<string, PersonRef> people,
        Dictionary<Guid, string> labels, List<RosterChange> changes, List<string> warnings)
    {
        var tutors = now.Tutors.Where(t => t.ModuleId == module).Select(t => t.PersonId).ToHashSet();
        if (!rows.Any(r => r.Role == RosterRole.Tutor))
        {
            if (tutors.Count > 0)
            {
                warnings.Add($"{module}: the file lists no tutor, so its {tutors.Count} tutors are kept");
            }

            return;
        }

        var wanted = new HashSet<Guid>();
        foreach (var row in rows.Where(r => r.Role == RosterRole.Tutor && r.Active).DistinctBy(r => r.ExternalId))
        {
            if (!people.TryGetValue(row.ExternalId, out var person))
            {
                continue;
            }

            if (person.Id is { } id)
            {
                wanted.Add(id);
                if (tutors.Contains(id))
                {
                    continue;
                }
            }

            changes.Add(new TutorAdded(person, module));
        }

        changes.AddRange(tutors.Where(id => !wanted.Contains(id)).Order()
            .Select(id => new TutorRemoved(id, labels.GetValueOrDefault(id, id.ToString()), module)));
    }
}
