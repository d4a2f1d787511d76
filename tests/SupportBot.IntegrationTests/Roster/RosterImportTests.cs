using Dapper;
using SupportBot.Cli;

namespace SupportBot.IntegrationTests.Roster;

/// <summary>
/// `supportbot roster import` on real PostgreSQL with files shaped like the platforms' exports
/// (Roster/Files: Moodle's participants download in French with a BOM and semicolons, Moodle's
/// user-upload format, Canvas's enrolments report), as a course admin runs it.
/// </summary>
public sealed class RosterImportTests : IAsyncLifetime
{
    private const string Course = "licence-2026";

    // A database per test: each test starts from a platform nobody imported yet.
    private readonly FreshDatabase db = new();

    public Task InitializeAsync() => db.InitializeAsync();

    public Task DisposeAsync() => db.DisposeAsync();

    private static string FileOf(string name) => Path.Combine(TestServices.RepositoryRoot, "tests", "SupportBot.IntegrationTests", "Roster", "Files", name);

    [Fact]
    public async Task Moodle_participants_in_french_with_bom_and_semicolons_become_learners_tutors_and_groups_after_a_dry_run_that_changed_nothing()
    {
        var module = NewModule();
        var dry = await ImportAsync("moodle-participants-fr.csv", "--module", module, "--dry-run");

        Assert.Equal(0, dry.Code);
        Assert.Contains("Moodle participants (dry run: nothing changed)", dry.Output, StringComparison.Ordinal);
        Assert.Contains("+ person 20260001: Léa Dubois <lea.dubois@example.test> (fr, Europe/Paris)", dry.Output, StringComparison.Ordinal);
        Assert.Contains($"+ tutor Claire Martin (claire.martin@example.test) of {module}", dry.Output, StringComparison.Ordinal);
        Assert.Contains("Would do: 5 people created", dry.Output, StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM supportbot.modules WHERE id = @module", new { module }));

        var run = await ImportAsync("moodle-participants-fr.csv", "--module", module);

        Assert.Equal(0, run.Code);
        Assert.Contains("Imported: 5 people created, 0 updated, 1 modules created, 4 enrolled", run.Output, StringComparison.Ordinal);
        Assert.Equal(["Aïcha Payet|Groupe A", "François N'Guyen|Groupe A", "Léa Dubois|Groupe A", "Marc Jean-Baptiste|Groupe B"], await LearnersAsync(module));
        Assert.Equal(["Claire Martin", "François N'Guyen"], await TutorsAsync(module));
        // Suspended in Moodle: not enrolled, and not created either.
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM supportbot.people WHERE email = 'noel.segal@example.test'"));
    }

    [Fact]
    public async Task A_second_import_of_the_same_file_changes_nothing()
    {
        var module = NewModule();
        Assert.Equal(0, (await ImportAsync("moodle-participants-fr.csv", "--module", module)).Code);
        var versions = await RosterRowVersions.ReadAsync(db.DataSource, module);

        var again = await ImportAsync("moodle-participants-fr.csv", "--module", module);

        Assert.Equal(0, again.Code);
        Assert.Contains("No change.", again.Output, StringComparison.Ordinal);
        Assert.Equal(versions, await RosterRowVersions.ReadAsync(db.DataSource, module));
    }

    [Fact]
    public async Task A_learner_who_left_is_unenrolled_and_kept_with_their_questions_and_a_returning_one_is_enrolled_again()
    {
        var module = NewModule();
        Assert.Equal(0, (await ImportAsync("moodle-participants-fr.csv", "--module", module)).Code);
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                INSERT INTO supportbot.questions (asker_id, module_id, text, language, status)
                SELECT id, @module, 'Je ne trouve pas le devoir 2', 'fr', 'new' FROM supportbot.people WHERE external_id = '20260002'
                """, new { module });
        }

        var later = await ImportAsync("moodle-participants-fr-later.csv", "--module", module);

        Assert.Equal(0, later.Code);
        Assert.Contains($"- unenrol Marc Jean-Baptiste (20260002) from {module}", later.Output, StringComparison.Ordinal);
        Assert.Contains($"~ group of Aïcha Payet (20260003) in {module}: Groupe B", later.Output, StringComparison.Ordinal);
        Assert.Equal(["Aïcha Payet|Groupe B", "François N'Guyen|Groupe A", "Léa Dubois|Groupe A", "Noël Ségal-Hoarau|"], await LearnersAsync(module));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM supportbot.people WHERE external_id = '20260002' AND erased_at IS NULL"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM supportbot.questions q JOIN supportbot.people p ON p.id = q.asker_id WHERE p.external_id = '20260002'"));
    }

    [Fact]
    public async Task A_file_with_a_bad_email_and_an_unknown_role_names_both_lines_and_changes_nothing()
    {
        var module = NewModule();
        Assert.Equal(0, (await ImportAsync("moodle-participants-fr.csv", "--module", module)).Code);
        var before = await CountsAsync();

        var broken = await ImportAsync("moodle-participants-broken.csv", "--module", module);

        Assert.Equal(1, broken.Code);
        Assert.Contains("nothing changed", broken.Error, StringComparison.Ordinal);
        Assert.Contains("line 4: \"ines.moreau(at)example.test\" is not an email address", broken.Error, StringComparison.Ordinal);
        Assert.Contains("line 6: unknown role \"Secrétaire pédagogique\"", broken.Error, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM supportbot.people WHERE email = 'hugo.bernard@example.test'"));
    }

    [Fact]
    public async Task A_windows_1252_file_is_refused_with_the_way_to_save_it_as_utf8()
    {
        var before = await CountsAsync();

        var result = await ImportAsync("moodle-participants-cp1252.csv", "--module", NewModule());

        Assert.Equal(1, result.Code);
        Assert.Contains("not UTF-8", result.Error, StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Moodle_upload_file_gives_each_person_their_language_and_time_zone_else_the_course_defaults()
    {
        var result = await ImportAsync("moodle-upload-users.csv");

        Assert.Equal(0, result.Code);
        Assert.Contains("Moodle user upload", result.Output, StringComparison.Ordinal);
        await using var c = await db.DataSource.OpenConnectionAsync();
        var people = (await c.QueryAsync<(string Email, string Locale, string TimeZone)>(
            "SELECT email, locale, time_zone FROM supportbot.people WHERE email IN ('nina.wamytan@example.test', 'jose.ramirez@example.test', 'samuel.okoro@example.test') ORDER BY email")).ToList();
        Assert.Equal(
            [("jose.ramirez@example.test", "fr", "America/Martinique"), ("nina.wamytan@example.test", "fr", "Pacific/Noumea"), ("samuel.okoro@example.test", "en", "Europe/Paris")],
            people);
        Assert.Contains("José Ramírez|Antilles, soir", await LearnersAsync("MAT102"));
        Assert.Equal(["Samuel Okoro"], await TutorsAsync("MAT102"));
    }

    [Fact]
    public async Task Canvas_enrolments_keep_active_students_and_make_teachers_and_tas_tutors_ignoring_observers()
    {
        var result = await ImportAsync("canvas-enrollments.csv");

        Assert.Equal(0, result.Code);
        Assert.Contains("Canvas enrolments", result.Output, StringComparison.Ordinal);
        Assert.Equal(["Mele Tuilagi|PHY201-B", "Zoë O'Connor|PHY201-A"], await LearnersAsync("PHY201-2026"));
        Assert.Equal(["Rémi Lefebvre", "Sandrine Hoarau"], await TutorsAsync("PHY201-2026"));
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM supportbot.people WHERE email IN ('fiona.oconnor@example.test', 'ada.kone@example.test', 'bao.tran@example.test')"));
        Assert.Equal(1, await ScalarAsync("SELECT count(*) FROM supportbot.people WHERE external_id = 'S-0042'"));
    }

    private static string NewModule() => "INF101-" + Guid.NewGuid().ToString("N")[..6];

    private async Task<List<string>> LearnersAsync(string module)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return (await c.QueryAsync<string>("""
            SELECT p.display_name || '|' || COALESCE(e.cohort, '') FROM supportbot.enrolments e JOIN supportbot.people p ON p.id = e.person_id
            WHERE e.module_id = @module ORDER BY 1
            """, new { module })).ToList();
    }

    private async Task<List<string>> TutorsAsync(string module)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return (await c.QueryAsync<string>("""
            SELECT p.display_name FROM supportbot.module_tutors t JOIN supportbot.people p ON p.id = t.person_id WHERE t.module_id = @module ORDER BY 1
            """, new { module })).ToList();
    }


    private async Task<string> CountsAsync()
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<string>("""
            SELECT (SELECT count(*) FROM supportbot.people) || '/' || (SELECT count(*) FROM supportbot.modules) || '/'
                || (SELECT count(*) FROM supportbot.enrolments) || '/' || (SELECT count(*) FROM supportbot.module_tutors)
                || '/' || (SELECT string_agg(cohort, ',' ORDER BY person_id, module_id) FROM supportbot.enrolments)
            """) ?? "";
    }

    private async Task<int> ScalarAsync(string sql, object? args = null)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>(sql, args);
    }

    private async Task<(int Code, string Output, string Error)> ImportAsync(string file, params string[] args)
    {
        string[] all =
        [
            "roster", "import", "--file", FileOf(file), "--course", Course, .. args,
            .. TestServices.HostSettings(db.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" }),
        ];
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliProgram.CreateRoot().Parse(all).InvokeAsync(new() { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }
}
