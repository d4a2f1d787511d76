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

    /// <summary>
    /// Opens <paramref name="path"/>, asks for a sign-in link, follows it from smtp4dev and confirms. On a loaded machine
    /// (CI runs the browser tests beside the integration tests) the tutor page once did not come within 90 s of the
    /// confirmation, in one CI run of three; a second link then, as a tutor would ask for one, rather than a red run.
    /// </summary>
    public static async Task<IPage> SignInAsync(IBrowserContext browser, Uri host, string linkBase, string path, string tutor = Claire)
    {
        var page = await browser.NewPageAsync();
        for (var attempt = 1; ; attempt++)
        {
            await page.GotoAsync(new Uri(host, path.TrimStart('/')).ToString());
            if (attempt > 1 && !page.Url.Contains("/tutor/sign-in", StringComparison.Ordinal))
            {
                return page; // the first confirmation did sign in; only its page was late
            }

            var asked = DateTimeOffset.UtcNow;
            await page.FillAsync("#email", tutor);
            await page.ClickAsync("form.stack button[type=submit]");
            await Expect(page.Locator(".notice.ok")).ToBeVisibleAsync();
            var link = new Uri(await EmailedSignInLink.ReadAsync(tutor, asked, linkBase));
            await page.GotoAsync(new Uri(host, link.PathAndQuery.TrimStart('/')).ToString());
            await page.ClickAsync("form.stack button[type=submit]");
            try
            {
                // The link's own page is under /tutor/ too: wait for the page asked for, past the sign-in pages.
                await page.WaitForURLAsync(
                    url => url.Contains("/tutor/", StringComparison.Ordinal) && !url.Contains("/tutor/sign-in", StringComparison.Ordinal),
                    new() { Timeout = 60_000, WaitUntil = WaitUntilState.Commit });
                return page;
            }
            catch (TimeoutException) when (attempt == 1)
            {
                Console.WriteLine($"sign-in of {tutor}: still on {page.Url} 60 s after confirming; asking for another link");
            }
        }
    }
}
