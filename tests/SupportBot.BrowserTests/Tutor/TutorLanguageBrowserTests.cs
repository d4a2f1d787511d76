using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Shared.People;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.Tutor;

/// <summary>
/// A tutor's Monday morning, read as drawn in Chromium (1366 x 900): Samuel (English) in Montréal and
/// Claire (French) in Paris open the same question list; each reads it in their language, on their
/// own clock, with topics and modules in words, and sorts it by clicking a header.
/// Screenshot: docs/screenshots/tutor-questions-en-montreal.png.
/// </summary>
public sealed class TutorLanguageBrowserTests(FreshDatabase db, Chromium chromium) : IClassFixture<FreshDatabase>, IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly string LinkBase = TutorInBrowser.NewLinkBase("tutor-language");
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        host = BotHost.StartListening(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["Inbox:Enabled"] = "false",
            ["OutgoingMail:PublicBaseUrl"] = LinkBase,
        });
        await DemoPeopleFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "people.json"))
            .SeedAsync(host.Services.GetRequiredService<PeopleStore>(), CancellationToken.None);
        await using var c = await db.DataSource.OpenConnectionAsync();
        // After every seeding: seeding the demo people sets Samuel's zone back to the file's.
        await c.ExecuteAsync("UPDATE supportbot.people SET time_zone = 'America/Montreal' WHERE email = @Samuel", new { TutorInBrowser.Samuel });
        if (await c.ExecuteScalarAsync<int>("SELECT count(*)::int FROM supportbot.questions") > 0)
        {
            return; // the other test of the class added them
        }

        // Asked at 14:30 UTC: 09:30 in Montréal (UTC−5 in December), 15:30 in Paris.
        await c.ExecuteAsync("""
            INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status, created_at)
            SELECT id, 'm2-data', 'exams', 'fr', 'Est-ce que la calculatrice est autorisée à l''examen du module 2 ?', 'escalated', '2026-12-01T14:30:00Z'::timestamptz
            FROM supportbot.people WHERE external_id = 'learner-lea'
            UNION ALL
            SELECT id, 'm2-data', 'technical', 'fr', 'Le graphique croisé dynamique ne se met pas à jour.', 'routed', '2026-11-30T10:00:00Z'::timestamptz
            FROM supportbot.people WHERE external_id = 'learner-aicha'
            """);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<IPage> OpenQuestionsAsync(string tutor, string locale, string timeZone)
    {
        var browser = await chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 }, Locale = locale, TimezoneId = timeZone });
        var page = await TutorInBrowser.SignInAsync(browser, host.Address!, LinkBase, "/tutor/questions?list=all", tutor);
        await page.GotoAsync(new Uri(host.Address!, "tutor/questions?list=all").ToString());
        return page;
    }

    [Fact]
    public async Task Samuel_in_montreal_reads_the_list_in_english_on_his_clock_and_sorts_it_by_learner()
    {
        var page = await OpenQuestionsAsync(TutorInBrowser.Samuel, "en-CA", "America/Montreal");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Learners' questions");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TutorInBrowser.Screenshots, "tutor-questions-en-montreal.png"), FullPage = true });
        var row = page.Locator("tbody tr", new() { HasText = "calculatrice" });
        await Expect(row).ToContainTextAsync("1 Dec 09:30");
        await Expect(row).ToContainTextAsync("Module 2 – Données et tableurs");
        await Expect(row).ToContainTextAsync("Exams");
        await Expect(row).ToContainTextAsync("escalated");
        var table = await page.Locator("table").InnerTextAsync();
        Assert.DoesNotContain("14:30", table, StringComparison.Ordinal);
        Assert.DoesNotContain("UTC", table, StringComparison.Ordinal);
        Assert.DoesNotContain("m2-data", table, StringComparison.Ordinal);
        Assert.DoesNotContain("exams", table, StringComparison.Ordinal);

        // Newest first; a click on "Learner" puts Aïcha's question first, a second click Léa's.
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("calculatrice");
        await page.GetByRole(AriaRole.Link, new() { Name = "Learner" }).ClickAsync();
        await Expect(page.Locator("th[aria-sort=ascending]")).ToContainTextAsync("Learner");
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("Aïcha Payet");
        await page.GetByRole(AriaRole.Link, new() { Name = "Learner" }).ClickAsync();
        await Expect(page.Locator("th[aria-sort=descending]")).ToContainTextAsync("Learner");
        await Expect(page.Locator("tbody tr").First).ToContainTextAsync("Léa Dubois");
    }

    [Fact]
    public async Task Claire_in_paris_reads_the_same_list_in_french_on_her_clock()
    {
        var page = await OpenQuestionsAsync(TutorInBrowser.Claire, "fr-FR", "Europe/Paris");

        await Expect(page.Locator("h1")).ToHaveTextAsync("Questions des apprenants");
        var row = page.Locator("tbody tr", new() { HasText = "calculatrice" });
        await Expect(row).ToContainTextAsync("1 déc. 15:30");
        await Expect(row).ToContainTextAsync("Examens");
        await Expect(row).ToContainTextAsync("remontée");
        await Expect(page.Locator("tbody tr", new() { HasText = "graphique" })).ToContainTextAsync("Technique");
    }
}
