using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.WebChat;

/// <summary>A learner's web chat on a phone, over the demo knowledge base as shipped (meanings read), ready to type in.</summary>
internal static class DemoBaseChat
{
    public static async Task<IPage> OpenAsync(BotHost host, IBrowserContext phone, LearnerIdentity learner)
    {
        await host.Services.GetRequiredService<FaqStore>().UpsertManyAsync(
            KnowledgeBaseFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "demo-kb.json")).File!.Entries, CancellationToken.None);
        await host.WaitForMeaningsAsync();
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"{host.Address}?learner={Uri.EscapeDataString(host.Services.GetRequiredService<LearnerLinks>().Create(learner))}");
        await Expect(page.Locator("[data-id='webchat-sendbox-input']")).ToBeVisibleAsync();
        return page;
    }
}
