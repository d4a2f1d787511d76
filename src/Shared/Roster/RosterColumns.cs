using System.Text;
using SupportBot.Shared.Text;

namespace SupportBot.Shared.Roster;

internal enum RosterField
{
    ExternalId,
    FirstName,
    LastName,
    FullName,
    Email,
    Role,
    Module,
    Cohort,
    Status,
    Language,
    TimeZone,
}

/// <summary>
/// Which header is which field. Headers are compared without case, accents, spaces or punctuation
/// ("Adresse de courriel" = "adressedecourriel", "first_name" = "First name"), in the platforms'
/// English and French wordings; the first synonym present wins.
/// </summary>
internal static class RosterColumns
{
    // Person ids in order of stability: an institution's id number, then the platform's login, then its
    // own numeric id. A row without the first falls back to the next one it has.
    private static readonly Dictionary<RosterField, string[]> Synonyms = new()
    {
        [RosterField.ExternalId] = ["idnumber", "numerodidentification", "numeroidentification", "sisuserid", "userid", "username", "nomdutilisateur", "loginid", "sisloginid", "canvasuserid", "id"],
        [RosterField.FirstName] = ["firstname", "prenom", "givenname"],
        [RosterField.LastName] = ["lastname", "nom", "surname", "familyname", "nomdefamille"],
        [RosterField.FullName] = ["fullname", "nomcomplet", "name", "student", "etudiant"],
        [RosterField.Email] = ["email", "emailaddress", "adressedecourriel", "adressecourriel", "courriel", "adresseemail", "adressemail", "mail"],
        [RosterField.Role] = ["roles", "role", "role1", "baseroletype"],
        [RosterField.Module] = ["course1", "courseid", "course", "shortname", "coursshortname", "nomabregeducours", "cours", "canvascourseid"],
        [RosterField.Cohort] = ["groups", "groupes", "group", "groupe", "group1", "sectionid", "section", "cohort", "cohorte"],
        [RosterField.Status] = ["status", "statut", "enrollmentstate", "etat"],
        [RosterField.Language] = ["lang", "language", "langue", "locale", "preferredlanguage", "languepreferee"],
        [RosterField.TimeZone] = ["timezone", "fuseauhoraire", "tz"],
    };

    public static IReadOnlyDictionary<string, RosterField> FieldNames { get; } = new Dictionary<string, RosterField>(StringComparer.OrdinalIgnoreCase)
    {
        ["id"] = RosterField.ExternalId, ["firstname"] = RosterField.FirstName, ["lastname"] = RosterField.LastName,
        ["name"] = RosterField.FullName, ["email"] = RosterField.Email, ["role"] = RosterField.Role, ["module"] = RosterField.Module,
        ["cohort"] = RosterField.Cohort, ["status"] = RosterField.Status, ["language"] = RosterField.Language, ["timezone"] = RosterField.TimeZone,
    };

    public static Dictionary<RosterField, int[]> Detect(string[] headers, IReadOnlyDictionary<string, string>? overrides, out List<RosterError> errors)
    {
        errors = [];
        var normalised = headers.Select(Normalise).ToArray();
        var map = new Dictionary<RosterField, int[]>();
        foreach (var (field, synonyms) in Synonyms)
        {
            var found = synonyms.Select(s => Array.IndexOf(normalised, s)).Where(i => i >= 0).Distinct().ToArray();
            if (found.Length > 0)
            {
                map[field] = field == RosterField.ExternalId ? found : [found[0]];
            }
        }

        foreach (var (name, header) in overrides ?? new Dictionary<string, string>())
        {
            if (!FieldNames.TryGetValue(name, out var field))
            {
                errors.Add(new RosterError(0, $"unknown field \"{name}\" in a column mapping (known: {string.Join(", ", FieldNames.Keys)})"));
                continue;
            }

            var index = Array.IndexOf(normalised, Normalise(header));
            if (index < 0)
            {
                errors.Add(new RosterError(0, $"the column \"{header}\" mapped to {name} is not in the header line"));
                continue;
            }

            map[field] = [index];
        }

        if (!map.ContainsKey(RosterField.Email) && !map.ContainsKey(RosterField.ExternalId))
        {
            errors.Add(new RosterError(1, $"no email nor user id column among \"{string.Join("\", \"", headers)}\": map one (e.g. --column email=\"Adresse électronique\")"));
        }

        if (!map.ContainsKey(RosterField.Role))
        {
            errors.Add(new RosterError(1, "no role column (Roles, role, role1...): without it learners and tutors cannot be told apart"));
        }

        return map;
    }

    public static string FormatOf(string[] headers)
    {
        var h = headers.Select(Normalise).ToHashSet();
        if (h.Contains("course1") || h.Contains("role1"))
        {
            return "Moodle user upload";
        }

        if (h.Contains("courseid") && (h.Contains("userid") || h.Contains("canvasuserid")))
        {
            return "Canvas enrolments";
        }

        return h.Contains("roles") ? "Moodle participants" : "CSV";
    }

    public static string Normalise(string text)
    {
        var folded = Accents.Fold(text);
        var builder = new StringBuilder(folded.Length);
        foreach (var c in folded)
        {
            if (char.IsLetterOrDigit(c))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
