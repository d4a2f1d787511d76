using Microsoft.Playwright;

namespace SupportBot.BrowserTests;

/// <summary>
/// Debian's Chromium driven by Playwright's own driver: no browser download. As root it needs
/// --no-sandbox; the other switches keep it off the network it cannot reach here.
/// </summary>
public sealed class Chromium : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: run scripts/install-test-deps.sh (apt-get install chromium), as ./test.sh does.");
        }

        // How long an expectation waits for the page, not a speed requirement (benchmarks measure speed): CI runs the
        // three test projects at once on two cores, and a first turn there once took longer than 15 s.
        Assertions.SetDefaultExpectTimeout(45_000);
        playwright = await Playwright.CreateAsync();
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
    }

    /// <summary>
    /// A fresh profile. Pages get 90 s to load, as expectations get 45 s: on two cores shared with the other test
    /// projects, the Agents Playground's and Web Chat's first pages once took longer than Playwright's 30 s.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        context.SetDefaultNavigationTimeout(90_000);
        return context;
    }

    /// <summary>A fresh profile the size of a phone (iPhone 12-15: 390 x 844 CSS pixels), in French.</summary>
    public Task<IBrowserContext> NewPhoneAsync() => NewContextAsync(new()
    {
        ViewportSize = new() { Width = 390, Height = 844 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        Locale = "fr-FR",
        TimezoneId = "Europe/Paris",
    });

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
    }
}
