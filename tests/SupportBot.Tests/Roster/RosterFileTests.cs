using System.Text;
using SupportBot.Shared.Roster;

namespace SupportBot.Tests.Roster;

public sealed class RosterFileTests
{
    private static RosterFile Read(string csv, string? module = "INF101", Dictionary<string, string>? columns = null) =>
        RosterFile.Read(new MemoryStream(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray()), module, columns);

    [Fact]
    public void English_moodle_headers_with_commas_give_one_row_per_role_and_quoted_groups()
    {
        var file = Read("""
            First name,Last name,Email address,Roles,Groups,Last access to course,Status
            Zoë,O'Connor,zoe@example.test,"Student, Non-editing teacher","Group A, evening",Never,Active
            """);

        Assert.Empty(file.Errors);
        Assert.Equal("Moodle participants", file.Format);
        Assert.Equal([RosterRole.Learner, RosterRole.Tutor], file.Rows.Select(r => r.Role));
        Assert.All(file.Rows, r => Assert.Equal(("Zoë O'Connor", "zoe@example.test", "Group A, evening", "INF101", 2), (r.DisplayName, r.ExternalId, r.Cohort, r.ModuleId, r.Line)));
    }

    [Fact]
    public void A_header_detection_misses_is_mapped_by_name()
    {
        var file = Read("""
            Nom complet;Adresse électronique;Fonction
            Léa Dubois;lea@example.test;Étudiant
            """, columns: new() { ["email"] = "Adresse électronique", ["role"] = "Fonction" });

        Assert.Empty(file.Errors);
        Assert.Equal(("Léa Dubois", "lea@example.test", RosterRole.Learner), (file.Rows[0].DisplayName, file.Rows[0].Email, file.Rows[0].Role));
    }

    [Fact]
    public void Without_a_role_column_the_file_is_refused_before_any_row()
    {
        var file = Read("""
            email,firstname,lastname
            lea@example.test,Léa,Dubois
            """);

        Assert.Contains(file.Errors, e => e.Message.StartsWith("no role column", StringComparison.Ordinal));
        Assert.Empty(file.Rows);
    }

    [Theory]
    [InlineData("Mars/Olympus", "unknown time zone")]
    [InlineData("Europe/Paris", null)]
    [InlineData("99", null)]
    public void Time_zones_are_iana_names_or_moodles_99_for_the_course_default(string zone, string? error)
    {
        var file = Read($"""
            username,email,firstname,lastname,timezone,course1,role1
            lea,lea@example.test,Léa,Dubois,{zone},INF101,student
            """);

        if (error is null)
        {
            Assert.Empty(file.Errors);
            Assert.Equal(zone == "99" ? null : zone, file.Rows[0].TimeZone);
        }
        else
        {
            Assert.Contains(file.Errors, e => e.Line == 2 && e.Message.StartsWith(error, StringComparison.Ordinal));
        }
    }
}
