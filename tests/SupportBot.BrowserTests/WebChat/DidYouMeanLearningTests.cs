using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Shared.Faq;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.WebChat;

/// <summary>
/// A learner's pick among the "did you mean" buttons teaches the bot their phrasing (#16): the pick joins the chosen
/// entry at once, so the same words are answered from then on, and waits on the knowledge base page for a tutor.
/// A database of its own: the approved phrasing changes the knowledge base other tests ask about.
/// </summary>
public sealed class DidYouMeanLearningTests(FreshDatabase db, Chromium chromium) : DemoBaseChat(db, chromium)
{
    [Fact]
    public async Task A_did_you_mean_pick_teaches_the_bot_the_learners_phrasing()
    {
        var page = await OpenAsync();
        var answers = page.Locator(".webchat__bubble", new() { HasText = "Scolarité > Documents" });

        await WebChatSendBox.SayAsync(page, "certificat");
        var choice = page.Locator(".webchat__suggested-action", new() { HasText = "Comment obtenir mon attestation" });
        await Expect(choice).ToBeVisibleAsync();
        await choice.ClickAsync();
        await Expect(answers).ToHaveCountAsync(1);

        // The pick is learned at once: a variant of the entry, listed for a tutor to keep or remove.
        var suggestions = Host.Services.GetRequiredService<FaqSuggestions>();
        var learned = Assert.Single(await suggestions.ListPendingAsync(CancellationToken.None));
        Assert.Equal(("certificate-download", "fr", "certificat", true), (learned.EntryId, learned.Language, learned.Text, learned.Learned));

        await WebChatSendBox.SayAsync(page, "certificat");
        await Expect(answers).ToHaveCountAsync(2);
        await Expect(page.Locator(".webchat__suggested-action", new() { HasText = "Ça m'a aidé" })).ToBeVisibleAsync();
        await Expect(choice).ToHaveCountAsync(0);
    }
}
