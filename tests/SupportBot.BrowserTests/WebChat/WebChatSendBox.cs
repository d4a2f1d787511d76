using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.WebChat;

/// <summary>A learner typing into Web Chat's send box and pressing Enter, as every chat test does.</summary>
internal static class WebChatSendBox
{
    public static ILocator Of(IPage page) => page.Locator("[data-id='webchat-sendbox-input']");

    /// <summary>
    /// Types <paramref name="text"/> and sends it. On a loaded machine Web Chat may drop the Enter while it re-renders
    /// (the greeting's suggested actions arriving): the text then stays in the box, and the learner presses Enter again.
    /// An Enter on the emptied box sends nothing, so a slow first send is never sent twice.
    /// </summary>
    public static async Task SayAsync(IPage page, string text)
    {
        var sendBox = Of(page);
        await sendBox.FillAsync(text);
        await sendBox.PressAsync("Enter");
        try
        {
            await Expect(sendBox).ToHaveValueAsync("", new() { Timeout = 10_000 });
        }
        catch (PlaywrightException)
        {
            await sendBox.PressAsync("Enter");
            await Expect(sendBox).ToHaveValueAsync("");
        }
    }
}
