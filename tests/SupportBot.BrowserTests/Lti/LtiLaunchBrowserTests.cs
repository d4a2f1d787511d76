using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.Lti;

/// <summary>
/// SupportBot launched by LTI 1.3 from a local Moodle-shaped platform (RS256 keys, JWKS over HTTP,
/// the OIDC login redirect, the auto-submitted launch POST), all in Chromium as a user clicks it.
/// </summary>
public sealed class LtiLaunchBrowserTests(FreshDatabase db, Chromium chromium) : IClassFixture<FreshDatabase>, IClassFixture<Chromium>, IAsyncLifetime
{
    // The launch is four round trips (platform, login, platform auth, launch); a cold host on a loaded machine needs more than 30 s.
    private const float ChainTimeout = 90_000;

    private LocalLtiPlatform platform = null!;
    private BotHost host = null!;
    private IBrowserContext browser = null!;

    public async Task InitializeAsync()
    {
        platform = await LocalLtiPlatform.StartAsync();
        host = BotHost.StartListening(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Lti:Platforms:0:Name"] = "moodle-local",
            ["Lti:Platforms:0:Issuer"] = platform.Issuer,
            ["Lti:Platforms:0:ClientId"] = LocalLtiPlatform.ClientId,
            ["Lti:Platforms:0:DeploymentIds:0"] = LocalLtiPlatform.DeploymentId,
            ["Lti:Platforms:0:AuthenticationRequestUrl"] = platform.AuthenticationRequestUrl,
            ["Lti:Platforms:0:KeySetUrl"] = platform.KeySetUrl,
            ["Lti:Platforms:0:Course"] = "licence-2026",
            // Signs the deep-linking responses.
            ["Lti:ToolPrivateKey"] = System.Security.Cryptography.RSA.Create(2048).ExportPkcs8PrivateKeyPem(),
        });
        platform.Tool = host.Address;
        platform.AddCourse(new LtiCourse("17", "INF101", "Informatique 101 – Outils numériques"));
        platform.AddCourse(new LtiCourse("18", "MAT102", "Mathématiques 102"));
        platform.AddUser("lea", new LtiUser("5", "Léa", "Dubois", "lea.dubois@example.test", "Learner"));
        platform.AddUser("tom", new LtiUser("9", "Tom", "Wilson", "tom.wilson@example.test", "Learner", "en"));
        platform.AddUser("claire", new LtiUser("2", "Claire", "Martin", "claire.martin@example.test", "Instructor"));
        browser = await chromium.NewContextAsync(new() { Locale = "fr-FR", TimezoneId = "Europe/Paris" });
    }

    public async Task DisposeAsync()
    {
        await browser.DisposeAsync();
        await host.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task A_learner_launch_from_the_course_lands_in_the_chat_with_the_course_as_module()
    {
        var page = await LaunchAsync("17", "lea");

        await Expect(page.GetByText("Je suis SupportBot").First).ToBeVisibleAsync();
        Assert.StartsWith(host.Address!.AbsoluteUri + "?learner=", page.Url, StringComparison.Ordinal);
        var link = Uri.UnescapeDataString(page.Url.Split("learner=")[1]);
        Assert.Equal("INF101", PayloadOf(link).GetProperty("course").GetString());
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("Informatique 101 – Outils numériques", await c.ExecuteScalarAsync<string>("SELECT title FROM supportbot.modules WHERE id = 'INF101'"));
        Assert.Equal(1, await c.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM supportbot.enrolments e JOIN supportbot.people p ON p.id = e.person_id
            WHERE p.email = 'lea.dubois@example.test' AND e.module_id = 'INF101' AND p.external_id = 'lti:moodle-local:5'
            """));
    }

    [Fact]
    public async Task An_instructor_launch_lands_in_the_tutor_pages_scoped_to_that_course()
    {
        // Claire teaches two courses; launched from INF101, she sees INF101 only.
        var other = await LaunchAsync("18", "claire");
        await Expect(other.Locator("select[name=module] option[value=MAT102]")).ToHaveCountAsync(1);
        await browser.ClearCookiesAsync();

        var page = await LaunchAsync("17", "claire");

        Assert.Contains("/tutor/questions", page.Url, StringComparison.Ordinal);
        await Expect(page.Locator("header.top .who")).ToContainTextAsync("Claire Martin");
        var modules = await page.Locator("select[name=module] option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal(["", "INF101"], modules);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(["INF101", "MAT102"], (await c.QueryAsync<string>("""
            SELECT t.module_id FROM supportbot.module_tutors t JOIN supportbot.people p ON p.id = t.person_id
            WHERE p.email = 'claire.martin@example.test' ORDER BY 1
            """)).ToList());
    }

    [Fact]
    public async Task A_replayed_launch_is_refused_with_a_clear_page()
    {
        var first = await LaunchAsync("17", "lea");
        await Expect(first.GetByText("Je suis SupportBot").First).ToBeVisibleAsync();

        var replay = await browser.NewPageAsync();
        var launch = replay.WaitForResponseAsync(r => r.Url.EndsWith("/lti/launch", StringComparison.Ordinal), new() { Timeout = ChainTimeout });
        await replay.GotoAsync(platform.Issuer + "/replay");

        Assert.Equal(401, (await launch).Status);
        await Expect(replay.GetByRole(AriaRole.Heading, new() { Name = "Ce lancement a déjà servi" })).ToBeVisibleAsync();
        await Expect(replay.Locator("#webchat")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_token_for_another_tool_is_refused_with_a_clear_page()
    {
        platform.NextFault = new LtiTokenFault(Audience: "another-tool");
        await AssertRefusedAsync("tom", 403, "Ce lancement n'est pas destiné à SupportBot");
    }

    [Fact]
    public async Task A_launch_from_an_unknown_deployment_is_refused_with_a_clear_page()
    {
        platform.NextFault = new LtiTokenFault(DeploymentId: "99");
        await AssertRefusedAsync("tom", 403, "Ce déploiement de SupportBot n'est pas enregistré");
    }

    [Fact]
    public async Task An_expired_token_is_refused_with_a_clear_page()
    {
        platform.NextFault = new LtiTokenFault(Expired: true);
        await AssertRefusedAsync("tom", 401, "Ce lancement a expiré");
    }

    [Fact]
    public async Task A_teacher_adds_SupportBot_to_a_course_by_deep_linking_and_the_platform_gets_one_signed_link()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(platform.AddActivityPageUrl("17", "claire"));
        await page.Locator("#select-supportbot").ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Activité ajoutée : SupportBot" })).ToBeVisibleAsync(new() { Timeout = ChainTimeout });
        Assert.Equal([("17", "SupportBot", host.Address!.AbsoluteUri + "lti/launch")], platform.AddedLinks);
    }

    [Fact]
    public async Task A_learner_cannot_add_SupportBot_by_deep_linking()
    {
        var page = await browser.NewPageAsync();
        var launch = page.WaitForResponseAsync(r => r.Url.EndsWith("/lti/launch", StringComparison.Ordinal), new() { Timeout = ChainTimeout });
        await page.GotoAsync(platform.AddActivityPageUrl("17", "tom"));
        await page.Locator("#select-supportbot").ClickAsync();

        Assert.Equal(403, (await launch).Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SupportBot est réservé aux apprenants et aux tuteurs du cours" })).ToBeVisibleAsync();
        Assert.Empty(platform.AddedLinks);
    }

    private async Task AssertRefusedAsync(string user, int status, string heading)
    {
        var page = await browser.NewPageAsync();
        var launch = page.WaitForResponseAsync(r => r.Url.EndsWith("/lti/launch", StringComparison.Ordinal), new() { Timeout = ChainTimeout });
        await page.GotoAsync(platform.CoursePageUrl("17", user));
        await page.Locator("#supportbot").ClickAsync();

        Assert.Equal(status, (await launch).Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading })).ToBeVisibleAsync();
        await Expect(page.Locator("#webchat")).ToHaveCountAsync(0);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.people WHERE email = 'tom.wilson@example.test'"));
    }

    /// <summary>The user on the course page clicks the tool's link; the login, the platform's auth and the launch follow.</summary>
    private async Task<IPage> LaunchAsync(string course, string user)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(platform.CoursePageUrl(course, user));
        await page.Locator("#supportbot").ClickAsync();
        await page.WaitForURLAsync(url => url.StartsWith(host.Address!.AbsoluteUri, StringComparison.Ordinal) && !url.Contains("/lti/", StringComparison.Ordinal), new() { Timeout = ChainTimeout });
        return page;
    }

    private static JsonElement PayloadOf(string jwt)
    {
        var payload = jwt.Split('.')[1].Replace('-', '+').Replace('_', '/');
        payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
        return JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload))).RootElement;
    }
}
