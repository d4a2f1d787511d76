using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.WebChat;

/// <summary>
/// "Not quite" after an answer offers the next entries beside "yes, ask peers", and a click on one answers it, in the
/// real Web Chat on a phone (#16). A database of its own: the click teaches the phrasing to the entry picked.
/// </summary>
public sealed class NotQuiteBrowserTests(FreshDatabase db, Chromium chromium) : DemoBaseChat(db, chromium)
{
    [Fact]
    public async Task Not_quite_offers_the_next_entry_and_a_click_on_it_answers()
    {
        var page = await OpenAsync();

        await WebChatSendBox.SayAsync(page, "j'ai besoin d'une attestation pour mon employeur");
        var notQuite = page.Locator(".webchat__suggested-action", new() { HasText = "Pas tout à fait" });
        await Expect(notQuite).ToBeVisibleAsync();
        await notQuite.ClickAsync();

        await Expect(page.Locator(".webchat__bubble", new() { HasText = "Vous pensiez peut-être à la question proposée ci-dessous" })).ToBeVisibleAsync();
        await Expect(page.Locator(".webchat__suggested-action", new() { HasText = "Oui, demander aux pairs" })).ToBeVisibleAsync();
        await page.Locator(".webchat__suggested-action", new() { HasText = "Comment obtenir mon attestation de réussite ?" }).ClickAsync();

        await Expect(page.Locator(".webchat__bubble", new() { HasText = "est téléchargeable en PDF" })).ToBeVisibleAsync();
        await Expect(page.Locator(".webchat__suggested-action", new() { HasText = "Ça m'a aidé" })).ToBeVisibleAsync();
    }
}
