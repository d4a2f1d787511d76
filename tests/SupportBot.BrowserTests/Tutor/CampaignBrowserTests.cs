using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Shared.People;
using SupportBot.Shared.Routing;
using SupportBot.Shared.StudyGroups.Availability;
using SupportBot.Shared.StudyGroups.Groups;
using SupportBot.Shared.StudyGroups.SignUp;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.Tutor;

/// <summary>
/// A tutor on a laptop, in a real browser against the host with its Hangfire server running (as in
/// production): signs in with the link emailed through smtp4dev, creates a campaign, schedules it
/// to go now and watches the progress bar fill as the server's jobs send it; then reviews a held
/// reply, and looks at the study groups of a module. Screenshots go to docs/screenshots/tutor-campaign*.png,
/// tutor-held-replies.png and tutor-groups.png.
/// </summary>
public sealed class CampaignBrowserTests(FreshDatabase db, Chromium chromium, ITestOutputHelper output)
    : IClassFixture<FreshDatabase>, IClassFixture<Chromium>, IAsyncLifetime
{
    private const string Claire = TutorInBrowser.Claire;
    private BotHost? host;
    private IBrowserContext laptop = null!;

    private static string Screenshots => TutorInBrowser.Screenshots;

    public async Task InitializeAsync()
    {
        laptop = await chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "fr-FR" });
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>
    /// The host over the demo people. Only the campaign test runs a Hangfire server: a second host with
    /// a server in the same process ran its jobs through the first (disposed) host's job activator.
    /// </summary>
    private async Task StartHostAsync(bool runServer)
    {
        host = BotHost.StartListening(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = runServer ? "true" : "false",
            ["Jobs:WorkerCount"] = "2",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            ["Inbox:Enabled"] = "false",
            ["Campaigns:MaxPerMinute"] = "0",
            ["Campaigns:MaxPerMinutePerDomain"] = "0",
            ["OutgoingMail:PublicBaseUrl"] = LinkBase,
        });
        await DemoPeopleFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "people.json"))
            .SeedAsync(host.Services.GetRequiredService<PeopleStore>(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await laptop.DisposeAsync();
        if (host is not null)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_tutor_creates_a_campaign_schedules_it_now_and_watches_it_reach_100_percent()
    {
        await StartHostAsync(runServer: true);
        var page = await SignInAsync();
        var name = "Encouragements " + Guid.NewGuid().ToString("N")[..6];

        await page.GotoAsync(Url("/tutor/campaigns/new"));
        await page.FillAsync("input[name='Form.Name']", name);
        await page.SelectOptionAsync("select[name='Form.ModuleId']", "m1-platform");
        await page.SelectOptionAsync("select[name='Form.Channel']", "email");
        await page.SelectOptionAsync("select[name='Form.Schedule']", "now");
        await Expect(page.Locator("input[name='Form.Time']")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "tutor-campaign-new.png"), FullPage = true });
        await page.ClickAsync("form.campaign-form button[type=submit]");

        await Expect(page.Locator("h1")).ToContainTextAsync(name);
        await Expect(page.Locator(".preview[lang=fr]")).ToContainTextAsync("Bonjour ");
        await Expect(page.Locator(".preview[lang=en]")).ToContainTextAsync("Hello ");
        await Expect(page.Locator("[data-field=percent]")).ToHaveTextAsync("0");
        await Expect(page.Locator("article.card").First).ToContainTextAsync("dès sa programmation");
        // The draft says how many it will reach (#18): the five learners of module 1.
        await Expect(page.Locator(".reach")).ToHaveTextAsync("5 personnes le recevront si elle part maintenant.");

        var clock = Stopwatch.StartNew();
        await page.ClickAsync("button:has-text('Programmer')");
        await Expect(page.Locator(".notice.ok")).ToContainTextAsync("programmée");
        // No reload from here on: the page's own polling of /api/tutor/campaigns/{id}/progress moves the bar.
        await Expect(page.Locator("[data-field=percent]")).ToHaveTextAsync("100", new() { Timeout = 90_000 });
        clock.Stop();
        output.WriteLine($"scheduled -> 100 % in the browser: {clock.Elapsed.TotalSeconds:F1} s");
        await Expect(page.Locator("[data-field=delivered]")).ToHaveTextAsync("5");
        await Expect(page.Locator("[data-field=total]")).ToHaveTextAsync("5");
        await Expect(page.Locator("[data-field=failed]")).ToHaveTextAsync("0");
        await page.ReloadAsync();
        // Sent once and done: nobody more to reach, so no "will get it" line.
        await Expect(page.Locator(".reach")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "tutor-campaign.png"), FullPage = true });

        await page.GotoAsync(Url("/tutor/campaigns"));
        await Expect(page.Locator("table.campaigns tr", new() { HasText = name }).Locator("[data-field=percent]")).ToHaveTextAsync("100");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "tutor-campaigns.png"), FullPage = true });
    }

    [Fact]
    public async Task A_tutor_relays_a_held_reply()
    {
        await StartHostAsync(runServer: false);
        var question = await HeldReplyAsync("Je ne trouve pas le bouton pour déposer mon devoir.", "Il est en bas de la page du devoir, sous « Ajouter un fichier ».");
        var page = await SignInAsync();

        await page.GotoAsync(Url("/tutor/questions/held"));
        var card = page.Locator("article.held", new() { HasText = "sous « Ajouter un fichier »" });
        await Expect(card).ToContainTextAsync("inconnu@example.org");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "tutor-held-replies.png"), FullPage = true });
        await card.Locator("button", new() { HasText = "Relayer" }).ClickAsync();

        await Expect(page.Locator(".notice.ok")).ToBeVisibleAsync();
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("answered", await c.ExecuteScalarAsync<string>("SELECT status FROM supportbot.questions WHERE id = @question", new { question }));
    }

    [Fact]
    public async Task A_tutor_sees_the_study_groups_of_a_module_with_names_once_active_and_nobody_s_schedule()
    {
        await StartHostAsync(runServer: false);
        // As demo/study-groups.json: Léa (Paris), Marc (Martinique) and Aïcha (Réunion) share Saturday
        // afternoons in Paris time and all accept; Tom, alone asking for English, waits in the pool.
        var signUps = host!.Services.GetRequiredService<StudyGroupSignUpStore>();
        var ids = new List<Guid>();
        foreach (var (who, said, language) in new[]
        {
            ("learner-lea", "le samedi après-midi", "fr"), ("learner-marc", "le samedi de 9h à 12h", "fr"),
            ("learner-aicha", "le samedi de 17h à 20h", "fr"), ("learner-tom", "Saturday afternoons", "en"),
        })
        {
            await using var c = await db.DataSource.OpenConnectionAsync();
            var id = await c.ExecuteScalarAsync<Guid>("SELECT id FROM supportbot.people WHERE external_id = @who", new { who });
            await signUps.ConfirmSignUpAsync(id, AvailabilityParser.Parse(said, language).Slots, said, "m1-platform", 3, language, DateTimeOffset.UtcNow, CancellationToken.None);
            ids.Add(id);
        }

        var group = Assert.Single((await host.Services.GetRequiredService<StudyGroupRounds>().RunRoundAsync("m1-platform")).GroupIds);
        var groups = host.Services.GetRequiredService<StudyGroupMembership>();
        foreach (var id in ids.Take(3))
        {
            await groups.AcceptAsync(id, group.ToString("N"), CancellationToken.None);
        }

        var page = await SignInAsync();
        await page.GotoAsync(Url("/tutor/groups?module=m1-platform"));

        var row = page.Locator("table tbody tr", new() { HasText = "actif" });
        await Expect(row).ToContainTextAsync("Aïcha Payet, Léa Dubois, Marc Jean-Baptiste");
        await Expect(row.Locator("td.num").First).ToHaveTextAsync("3");
        await Expect(page.Locator(".figure", new() { HasText = "personnes en attente" }).Locator("strong")).ToHaveTextAsync("1");
        var text = await page.Locator("main").InnerTextAsync();
        foreach (var schedule in new[] { "samedi", "Saturday", "9h", "17h", ":00", "Tom Wilson" })
        {
            Assert.DoesNotContain(schedule, text, StringComparison.OrdinalIgnoreCase);
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "tutor-groups.png"), FullPage = true });
    }

    private static readonly string LinkBase = TutorInBrowser.NewLinkBase("campaigns");

    private string Url(string path) => new Uri(host!.Address!, path.TrimStart('/')).ToString();

    private Task<IPage> SignInAsync() => TutorInBrowser.SignInAsync(laptop, host!.Address!, LinkBase, "/tutor/campaigns");

    /// <summary>A question of Léa's on module 1 and a reply to it from an address it was not sent to, held as the inbox holds it.</summary>
    private async Task<Guid> HeldReplyAsync(string questionText, string reply)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        var question = await c.ExecuteScalarAsync<Guid>("""
            INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status)
            SELECT id, 'm1-platform', 'technical', 'fr', @questionText, 'routed' FROM supportbot.people WHERE external_id = 'learner-lea'
            RETURNING id
            """, new { questionText });
        await host!.Services.GetRequiredService<AnswerStore>().HoldAsync(question, "inconnu@example.org", reply, HeldReasons.NotRecipient, null, $"{Guid.NewGuid():N}@mail.example.org", CancellationToken.None);
        return question;
    }
}
