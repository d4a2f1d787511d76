using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.Tutor;

/// <summary>What every tutor browser test does the same way: Claire of the demo signs in with her emailed link.</summary>
internal static class TutorInBrowser
{
    public const string Claire = "claire.martin@example.test";

    public static string Screenshots => Path.Combine(TestServices.RepositoryRoot, "docs", "screenshots");

    /// <summary>
    /// A host name of its own for the host's emailed links (OutgoingMail:PublicBaseUrl): test processes
    /// share one smtp4dev and the demo's tutor, so the link read back must be this host's.
    /// </summary>
    public static string NewLinkBase(string name) => $"http://{name}-{Guid.NewGuid():N}.test";

    public const string Samuel = "samuel.okoro@example.test";

    /// <summary>Opens <paramref name="path"/>, asks for a sign-in link, follows it from smtp4dev and confirms.</summary>
    public static async Task<IPage> SignInAsync(IBrowserContext browser, Uri host, string linkBase, string path, string tutor = Claire)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(host, path.TrimStart('/')).ToString());
        var asked = DateTimeOffset.UtcNow;
        await page.FillAsync("#email", tutor);
        await page.ClickAsync("form.stack button[type=submit]");
        await Expect(page.Locator(".notice.ok")).ToBeVisibleAsync();
        var link = new Uri(await EmailedSignInLink.ReadAsync(tutor, asked, linkBase));
        await page.GotoAsync(new Uri(host, link.PathAndQuery.TrimStart('/')).ToString());
        await page.ClickAsync("form.stack button[type=submit]");
        // The link's own page is under /tutor/ too: wait for the page asked for, past the sign-in pages. A loaded
        // machine (CI runs the browser tests beside the integration tests) once took over 30 s to load it.
        await page.WaitForURLAsync(
            url => url.Contains("/tutor/", StringComparison.Ordinal) && !url.Contains("/tutor/sign-in", StringComparison.Ordinal),
            new() { Timeout = 90_000 });
        return page;
    }
}
