using System.Net;
using System.Text.RegularExpressions;
using Dapper;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>An admin imports the platform's participants file from the tutor pages; a tutor who is not an admin cannot.</summary>
public sealed partial class TutorRosterTests(TutorSite site) : IClassFixture<TutorSite>
{
    private static string FileOf(string name) => Path.Combine(TestServices.RepositoryRoot, "tests", "SupportBot.IntegrationTests", "Roster", "Files", name);

    [Fact]
    public async Task An_admin_previews_the_moodle_file_then_imports_exactly_what_was_previewed()
    {
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var preview = await UploadAsync(claire, "moodle-participants-fr.csv", "INF101");

        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var html = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Contains("+ person 20260005: François N'Guyen <francois.nguyen@example.test>", html, StringComparison.Ordinal);
        Assert.Contains("aperçu, rien n'a encore changé", html, StringComparison.Ordinal);
        Assert.Equal(0, await CountAsync("SELECT count(*) FROM supportbot.enrolments WHERE module_id = 'INF101'"));

        var content = ContentField().Match(await preview.Content.ReadAsStringAsync()).Groups[1].Value;
        var import = await TutorSite.PostFormAsync(claire, "/tutor/roster",
            new() { ["filecontent"] = WebUtility.HtmlDecode(content), ["module"] = "INF101", ["course"] = "demo-course" }, "/tutor/roster?handler=Import");

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        Assert.Contains("importé", await import.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(4, await CountAsync("SELECT count(*) FROM supportbot.enrolments WHERE module_id = 'INF101'"));
        // Léa, Marc and Aïcha were demo learners already (same emails): matched, not duplicated.
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM supportbot.people WHERE lower(email) = 'lea.dubois@example.test'"));
    }

    [Fact]
    public async Task A_broken_file_shows_its_lines_and_changes_nothing()
    {
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var before = await CountAsync("SELECT count(*) FROM supportbot.people");

        var preview = await UploadAsync(claire, "moodle-participants-broken.csv", "INF102");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, preview.StatusCode);
        var html = WebUtility.HtmlDecode(await preview.Content.ReadAsStringAsync());
        Assert.Contains("ligne 4 : \"ines.moreau(at)example.test\" is not an email address", html, StringComparison.Ordinal);
        Assert.DoesNotContain("handler=Import", html, StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("SELECT count(*) FROM supportbot.people"));
    }

    [Fact]
    public async Task A_tutor_who_is_not_an_admin_cannot_open_the_roster_page()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var page = await samuel.GetAsync(new Uri("/tutor/roster", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/tutor/denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient browser, string file, string module)
    {
        var page = await browser.GetStringAsync(new Uri("/tutor/roster", UriKind.Relative));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(TutorSite.AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent(module), "module" },
            { new StringContent("demo-course"), "course" },
        };
        var bytes = new ByteArrayContent(await File.ReadAllBytesAsync(FileOf(file)));
        bytes.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/csv");
        form.Add(bytes, "file", file);
        return await browser.PostAsync(new Uri("/tutor/roster?handler=Preview", UriKind.Relative), form);
    }

    private async Task<int> CountAsync(string sql)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>(sql);
    }

    [GeneratedRegex("name=\"filecontent\" value=\"([^\"]*)\"")]
    private static partial Regex ContentField();
}
