using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.Teams;

/// <summary>The Agents Playground's Teams client in Chromium, as a learner uses it: the personal chat with the bot and a team channel.</summary>
public sealed class TeamsInBrowser(IPage page)
{
    public IPage Page { get; } = page;

    /// <summary>Opens the Playground on a desktop-sized window and waits for the bot's welcome in the personal chat.</summary>
    public static async Task<TeamsInBrowser> OpenAsync(IBrowserContext browser, AgentsPlayground playground)
    {
        var page = await browser.NewPageAsync();
        // The page asks Microsoft's CDN for Segoe UI and icons; off-line they fall back, and a network that lets the
        // request hang would hold the page's load event: only the Playground itself is reached.
        await page.RouteAsync(url => !url.StartsWith(playground.Address.AbsoluteUri, StringComparison.Ordinal), route => route.AbortAsync());
        await page.GotoAsync(playground.Address.AbsoluteUri);
        var teams = new TeamsInBrowser(page);
        // The log panel repeats every message's text: hidden, what the page shows is the chat.
        await page.GetByTitle("Hide log panel").ClickAsync();
        await Expect(teams.Welcome).ToHaveCountAsync(1);
        return teams;
    }

    /// <summary>The bot's welcome, in whichever language: Teams announces an install twice (installationUpdate, conversationUpdate), the bot greets once.</summary>
    public ILocator Welcome => Page.GetByText(new Regex("Je suis SupportBot|I'm SupportBot"));

    /// <summary>A button on a card the bot sent (Teams' rendering of the bot's buttons), not a suggested action.</summary>
    public ILocator CardButton(string title) =>
        Page.Locator(".ac-adaptiveCard").GetByRole(AriaRole.Button, new() { Name = title, Exact = true });

    /// <summary>Writes in the open chat's message box and sends it with Enter.</summary>
    public async Task SayAsync(string text)
    {
        var box = Page.Locator("[role=textbox][contenteditable=true]");
        await box.FillAsync(text);
        await box.PressAsync("Enter");
    }

    public Task OpenPersonalChatAsync() => Page.GetByRole(AriaRole.Treeitem, new() { Name = "Personal Chat" }).ClickAsync();

    public Task OpenChannelAsync() =>
        Page.GetByRole(AriaRole.Treeitem, new() { Name = $"{AgentsPlayground.TeamName} - {AgentsPlayground.ChannelName}" }).ClickAsync();

    /// <summary>Starts a post in the open channel that @mentions the bot (Teams sends a channel post to a bot only when it is mentioned).</summary>
    public async Task PostMentioningTheBotAsync(string text)
    {
        var box = Page.Locator("[role=textbox][contenteditable=true]").First;
        await box.ClickAsync();
        var bots = Page.GetByText("SupportBot", new() { Exact = true });
        var before = await bots.CountAsync();
        await Page.Keyboard.TypeAsync("@Sup");
        // The mention picker lists the bot: one more "SupportBot" on the page. Enter picks it, as in Teams. (Waiting for
        // any "SupportBot" matched one already on the page when the picker was slow, and Enter posted "@Sup" alone.)
        await Expect(bots.Nth(before)).ToBeVisibleAsync();
        await Page.Keyboard.PressAsync("Enter");
        await Page.Keyboard.TypeAsync(" " + text);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Post", Exact = true }).ClickAsync();
    }

    public async Task ScreenshotAsync(string name)
    {
        var folder = Path.Combine(TestServices.RepositoryRoot, "docs", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, name) });
    }
}
