using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Cli;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>Skipped where Debian's Chromium is missing (apt-get install chromium).</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Chromium = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium))
        {
            Skip = Chromium + " is not installed";
        }
    }
}

/// <summary>
/// A tutor in a real browser: signs in with the link emailed through smtp4dev, then opens every
/// screen over the demo data; a screenshot of each goes to docs/screenshots/tutor-*.png.
/// </summary>
public sealed class TutorBrowserTests : IAsyncLifetime
{
    private readonly FreshDatabase database = new();
    private BotHost host = null!;
    private string baseUrl = "";

    // Its own host name in emailed links, so the sign-in link read back is this host's, not another test's.
    private static readonly string LinkBase = $"http://tutor-screens-{Guid.NewGuid():N}.test";

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        var demo = Path.Combine(TestServices.RepositoryRoot, "demo");
        string[] args = ["seed-demo", "--dir", demo, .. TestServices.HostSettings(database.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];
        Assert.Equal(0, await CliProgram.CreateRoot().Parse(args).InvokeAsync());
        host = new BotHost(database.ConnectionString, new Dictionary<string, string?> { ["OutgoingMail:PublicBaseUrl"] = LinkBase });
        host.UseKestrel(0);
        host.StartServer();
        baseUrl = host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await database.DisposeAsync();
    }

    [ChromiumFact]
    public async Task A_tutor_signs_in_by_email_and_opens_every_screen()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumFactAttribute.Chromium, Headless = true, Args = ["--no-sandbox"] });
        var context = await browser.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 900 }, Locale = "fr-FR" });
        var page = await context.NewPageAsync();
        var shots = Path.Combine(TestServices.RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(shots);

        await page.GotoAsync(baseUrl + "/tutor/questions");
        Assert.Contains("/tutor/sign-in", page.Url, StringComparison.Ordinal);
        var asked = DateTimeOffset.UtcNow;
        await page.FillAsync("#email", TutorSite.Claire);
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "tutor-sign-in.png") });
        await page.ClickAsync("form.stack button[type=submit]");
        await page.WaitForSelectorAsync(".notice.ok");

        var link = new Uri(await EmailedSignInLink.ReadAsync(TutorSite.Claire, asked, LinkBase));
        await page.GotoAsync(baseUrl + link.PathAndQuery);
        await page.ClickAsync("form.stack button[type=submit]");
        await page.WaitForURLAsync("**/tutor/questions");

        foreach (var (name, path, ready) in new[]
        {
            ("questions", "/tutor/questions?list=all", "table"),
            ("volunteers", "/tutor/volunteers", "table"),
            ("knowledge", "/tutor/knowledge", "table"),
            ("network", "/tutor/network?module=m1-platform&weeks=8", "#network canvas"),
            ("silences", "/tutor/silences?module=m2-data", ".figures"),
            ("insights", "/tutor/insights", "#perWeek"),
            ("learners", "/tutor/learners", "table"),
        })
        {
            var response = await page.GotoAsync(baseUrl + path);
            Assert.True(response!.Ok, $"{path} answered {response.Status}");
            await page.WaitForSelectorAsync(ready);
            await page.WaitForTimeoutAsync(400);
            await page.ScreenshotAsync(new() { Path = Path.Combine(shots, $"tutor-{name}.png"), FullPage = true });
        }

        await page.GotoAsync(baseUrl + "/tutor/questions?list=escalated");
        var question = await page.GetAttributeAsync("table tbody a", "href");
        var opened = await page.GotoAsync(baseUrl + question);
        Assert.True(opened!.Ok, $"{question} answered {opened.Status}: {(opened.Ok ? "" : (await opened.TextAsync())[..Math.Min(3000, (await opened.TextAsync()).Length)])}");
        await page.WaitForSelectorAsync("textarea#answer");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "tutor-question.png"), FullPage = true });

        await page.SetViewportSizeAsync(820, 1180);
        await page.GotoAsync(baseUrl + "/tutor/silences?module=m2-data");
        await page.ScreenshotAsync(new() { Path = Path.Combine(shots, "tutor-silences-tablet.png"), FullPage = true });
    }
}
