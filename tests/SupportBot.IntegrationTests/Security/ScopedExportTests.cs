using System.Net;
using System.Text.Json;
using Dapper;
using SupportBot.IntegrationTests.Tutor;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// Issue 17 item 5: a module tutor's export of a learner holds only what belongs to the modules
/// they tutor; an admin's holds everything.
/// </summary>
public sealed class ScopedExportTests(TutorSite site) : IClassFixture<TutorSite>
{
    [Fact]
    public async Task A_module_tutor_exports_only_their_module_and_an_admin_everything()
    {
        await AskAsync("m1-platform", "Question du module 1 que Samuel ne doit pas voir");
        await AskAsync("m2-data", "Question du module 2 pour Samuel");

        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var response = await samuel.GetAsync(new Uri("/api/tutor/learners/learner-lea/export", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Question du module 2 pour Samuel", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Samuel ne doit pas voir", text, StringComparison.Ordinal);
        var export = JsonDocument.Parse(text).RootElement;
        Assert.All(export.GetProperty("enrolments").EnumerateArray(), e => Assert.Equal("m2-data", e.GetProperty("module_id").GetString()));

        var page = await samuel.GetStringAsync(new Uri("/tutor/learners?handler=Export&id=learner-lea", UriKind.Relative));
        Assert.DoesNotContain("Samuel ne doit pas voir", page, StringComparison.Ordinal);

        var claire = await site.SignedInAsync(TutorSite.Claire);
        var all = await claire.GetStringAsync(new Uri("/api/tutor/learners/learner-lea/export", UriKind.Relative));
        Assert.Contains("Samuel ne doit pas voir", all, StringComparison.Ordinal);
        Assert.Contains("Question du module 2 pour Samuel", all, StringComparison.Ordinal);
    }

    private async Task AskAsync(string module, string text)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        await c.ExecuteAsync("""
            INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status)
            SELECT id, @module, 'technical', 'fr', @text, 'routed' FROM supportbot.people WHERE external_id = 'learner-lea'
            """, new { module, text });
    }
}
