using System.Net.Mail;

namespace SupportBot.Shared.Roster;

/// <summary>One CSV line into rows (one per role it holds) or errors naming the line; no I/O.</summary>
internal static class RosterRowReader
{
    private static readonly Dictionary<string, RosterRole> Roles = new(StringComparer.Ordinal)
    {
        // Moodle (names in English and French, and the short names of its upload format), Canvas, LTI words.
        ["student"] = RosterRole.Learner, ["etudiant"] = RosterRole.Learner, ["learner"] = RosterRole.Learner,
        ["apprenant"] = RosterRole.Learner, ["eleve"] = RosterRole.Learner, ["studentenrollment"] = RosterRole.Learner,
        ["teacher"] = RosterRole.Tutor, ["editingteacher"] = RosterRole.Tutor, ["noneditingteacher"] = RosterRole.Tutor,
        ["enseignant"] = RosterRole.Tutor, ["enseignantnonediteur"] = RosterRole.Tutor, ["tutor"] = RosterRole.Tutor,
        ["tuteur"] = RosterRole.Tutor, ["tutrice"] = RosterRole.Tutor, ["ta"] = RosterRole.Tutor, ["taenrollment"] = RosterRole.Tutor,
        ["teacherenrollment"] = RosterRole.Tutor, ["instructor"] = RosterRole.Tutor, ["teachingassistant"] = RosterRole.Tutor,
        ["formateur"] = RosterRole.Tutor, ["formatrice"] = RosterRole.Tutor,
        ["observer"] = RosterRole.None, ["observerenrollment"] = RosterRole.None, ["designer"] = RosterRole.None,
        ["designerenrollment"] = RosterRole.None, ["guest"] = RosterRole.None, ["invite"] = RosterRole.None,
        ["manager"] = RosterRole.None, ["gestionnaire"] = RosterRole.None, ["coursecreator"] = RosterRole.None,
        ["norole"] = RosterRole.None, ["noroles"] = RosterRole.None, ["aucunrole"] = RosterRole.None, [""] = RosterRole.None,
    };

    private static readonly HashSet<string> ActiveStatuses = ["", "active", "actif", "activeenrolment", "inscriptionactive", "invited"];

    private static readonly HashSet<string> InactiveStatuses =
        ["suspended", "suspendu", "inactive", "inactif", "deleted", "supprime", "completed", "termine", "notcurrent", "noncourant", "nonactif", "rejected", "deletedlastcompleted"];

    public static IEnumerable<RosterError> Read(int line, Func<RosterField, string?> cell, string? defaultModule, List<RosterRow> rows)
    {
        var errors = new List<RosterError>();
        var email = cell(RosterField.Email);
        if (email is not null && (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email || email.Contains(' ', StringComparison.Ordinal)))
        {
            errors.Add(new RosterError(line, $"\"{email}\" is not an email address"));
        }

        var externalId = cell(RosterField.ExternalId) ?? email?.ToLowerInvariant();
        if (externalId is null)
        {
            errors.Add(new RosterError(line, "no user id and no email: the person cannot be identified"));
        }

        var name = (cell(RosterField.FirstName), cell(RosterField.LastName)) switch
        {
            ({ } first, { } last) => $"{first} {last}",
            ({ } first, null) => first,
            (null, { } last) => last,
            _ => cell(RosterField.FullName),
        };

        var module = cell(RosterField.Module) ?? defaultModule;
        if (module is null)
        {
            errors.Add(new RosterError(line, "no course: this file has no course column, give the module (--module)"));
        }
        else if (module.Any(char.IsWhiteSpace))
        {
            errors.Add(new RosterError(line, $"the course id \"{module}\" contains spaces: use the course's short name or id"));
        }

        var status = RosterColumns.Normalise(cell(RosterField.Status) ?? "");
        var active = ActiveStatuses.Contains(status);
        if (!active && !InactiveStatuses.Contains(status))
        {
            errors.Add(new RosterError(line, $"unknown status \"{cell(RosterField.Status)}\" (expected active, suspended, inactive, deleted or completed)"));
        }

        var timeZone = cell(RosterField.TimeZone);
        // Moodle writes 99 for "the server's time zone": the course's default then.
        if (timeZone == "99")
        {
            timeZone = null;
        }

        if (timeZone is not null && (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone) || !zone.HasIanaId))
        {
            errors.Add(new RosterError(line, $"unknown time zone \"{timeZone}\" (expected an IANA name such as Europe/Paris or America/Martinique)"));
        }

        var roles = new List<RosterRole>();
        var roleText = cell(RosterField.Role) ?? "";
        foreach (var word in roleText.Split([',', ';', '|', '/'], StringSplitOptions.TrimEntries))
        {
            if (Roles.TryGetValue(RosterColumns.Normalise(word), out var role))
            {
                roles.Add(role);
            }
            else
            {
                errors.Add(new RosterError(line, $"unknown role \"{word}\" (learners: Student, Étudiant, student; tutors: Teacher, Non-editing teacher, Enseignant, ta...)"));
            }
        }

        if (errors.Count > 0)
        {
            return errors;
        }

        var locale = Language(cell(RosterField.Language));
        foreach (var role in roles.Distinct().Where(r => r != RosterRole.None))
        {
            rows.Add(new RosterRow(line, externalId!, name, email, role, module, cell(RosterField.Cohort), active, locale, timeZone));
        }

        return errors;
    }

    /// <summary>SupportBot speaks French and English: fr_ca, fr-FR → fr; en_us → en; other languages → the course default.</summary>
    private static string? Language(string? lang) => lang?.ToLowerInvariant() switch
    {
        null or "" => null,
        var l when l.StartsWith("fr", StringComparison.Ordinal) || l.StartsWith("francais", StringComparison.Ordinal) => "fr",
        var l when l.StartsWith("en", StringComparison.Ordinal) || l.StartsWith("anglais", StringComparison.Ordinal) => "en",
        _ => null,
    };
}
