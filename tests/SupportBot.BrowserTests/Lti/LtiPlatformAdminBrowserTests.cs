using Dapper;
using Microsoft.Playwright;
using SupportBot.BrowserTests.Tutor;
using SupportBot.Cli;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.Lti;

/// <summary>
/// An admin registers a course platform on the tutor pages (no LTI settings on the server), then a
/// learner launches SupportBot from that platform, all in Chromium against the local Moodle-shaped
/// platform; a registration with a wrong URL is refused field by field and saves nothing.
/// Screenshot: docs/screenshots/tutor-lti-platforms.png.
/// </summary>
public sealed class LtiPlatformAdminBrowserTests(FreshDatabase db, Chromium chromium) : IClassFixture<FreshDatabase>, IClassFixture<Chromium>, IAsyncLifetime
{
    private const float ChainTimeout = 90_000;
    private static readonly string LinkBase = TutorInBrowser.NewLinkBase("lti-admin");
    private LocalLtiPlatform platform = null!;
    private BotHost host = null!;
    private IBrowserContext admin = null!;
    private IBrowserContext learner = null!;

    public async Task InitializeAsync()
    {
        string[] args = ["seed-demo", "--dir", Path.Combine(TestServices.RepositoryRoot, "demo"),
            .. TestServices.HostSettings(db.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];
        Assert.Equal(0, await CliProgram.CreateRoot().Parse(args).InvokeAsync());
        platform = await LocalLtiPlatform.StartAsync();
        host = BotHost.StartListening(db.ConnectionString, new Dictionary<string, string?> { ["OutgoingMail:PublicBaseUrl"] = LinkBase, ["Inbox:Enabled"] = "false" });
        platform.Tool = host.Address;
        platform.AddCourse(new LtiCourse("31", "PHY103", "Physique 103"));
        platform.AddUser("ines", new LtiUser("77", "Inès", "Roux", "ines.roux@example.test", "Learner"));
        admin = await chromium.NewContextAsync(new() { Locale = "fr-FR", TimezoneId = "Europe/Paris" });
        learner = await chromium.NewContextAsync(new() { Locale = "fr-FR", TimezoneId = "Europe/Paris" });
    }

    public async Task DisposeAsync()
    {
        await admin.DisposeAsync();
        await learner.DisposeAsync();
        await host.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task An_admin_registers_a_platform_and_a_learner_then_launches_from_it()
    {
        var before = await LaunchAsync();
        await Expect(before.GetByRole(AriaRole.Heading, new() { Name = "Plateforme de cours inconnue" })).ToBeVisibleAsync();

        var page = await TutorInBrowser.SignInAsync(admin, host.Address!, LinkBase, "/tutor/platforms");
        await page.GotoAsync(new Uri(host.Address!, "tutor/platforms").ToString());
        await page.GetByRole(AriaRole.Link, new() { Name = "Ajouter une plateforme" }).ClickAsync();
        await page.FillAsync("input[name=Name]", "moodle-sciences");
        await page.FillAsync("input[name=Issuer]", platform.Issuer);
        await page.FillAsync("input[name=ClientId]", LocalLtiPlatform.ClientId);
        await page.FillAsync("input[name=DeploymentIds]", LocalLtiPlatform.DeploymentId);
        await page.FillAsync("input[name=AuthenticationRequestUrl]", platform.AuthenticationRequestUrl);
        await page.FillAsync("input[name=KeySetUrl]", "moodle/mod/lti/certs.php");
        await page.FillAsync("input[name=Course]", "sciences-2026");
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await Expect(page.Locator("[data-valmsg-for=KeySetUrl]")).ToContainTextAsync("URL https obligatoire");
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.lti_platforms"));
        }

        await page.FillAsync("input[name=KeySetUrl]", platform.KeySetUrl);
        await page.GetByRole(AriaRole.Button, new() { Name = "Enregistrer" }).ClickAsync();

        await Expect(page.Locator(".notice.ok")).ToContainTextAsync("Plateforme moodle-sciences enregistrée");
        await Expect(page.Locator("tr[data-platform=moodle-sciences]")).ToContainTextAsync(platform.Issuer);

        var launched = await LaunchAsync();
        await launched.WaitForURLAsync(url => url.StartsWith(host.Address!.AbsoluteUri + "?learner=", StringComparison.Ordinal), new() { Timeout = ChainTimeout });
        await Expect(launched.GetByText("Je suis SupportBot").First).ToBeVisibleAsync();
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            Assert.Equal("sciences-2026", await c.ExecuteScalarAsync<string>("SELECT course_id FROM supportbot.modules WHERE id = 'PHY103'"));
            Assert.Equal(1, await c.ExecuteScalarAsync<int>("""
                SELECT count(*) FROM supportbot.enrolments e JOIN supportbot.people p ON p.id = e.person_id
                WHERE p.external_id = 'lti:moodle-sciences:77' AND e.module_id = 'PHY103'
                """));
        }

        await page.ReloadAsync();
        await Expect(page.Locator("tr[data-module=PHY103]")).ToContainTextAsync("non accordée par la plateforme");
        await page.ScreenshotAsync(new() { Path = Path.Combine(TutorInBrowser.Screenshots, "tutor-lti-platforms.png"), FullPage = true });
    }

    /// <summary>Inès clicks SupportBot on the course page; the login, the platform's auth and the launch follow.</summary>
    private async Task<IPage> LaunchAsync()
    {
        var page = await learner.NewPageAsync();
        var login = page.WaitForResponseAsync(r => r.Url.Contains("/lti/", StringComparison.Ordinal), new() { Timeout = ChainTimeout });
        await page.GotoAsync(platform.CoursePageUrl("31", "ines"));
        await page.Locator("#supportbot").ClickAsync();
        await login;
        return page;
    }
}
