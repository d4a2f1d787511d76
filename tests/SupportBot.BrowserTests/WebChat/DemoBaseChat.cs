using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.WebChat;

/// <summary>
/// Léa's web chat on a phone, over the demo knowledge base as shipped (meanings read). Each test class deriving from it
/// gets a database of its own (class fixtures are per concrete class): what one class's picks teach the base stays there.
/// </summary>
public abstract class DemoBaseChat(FreshDatabase db, Chromium chromium) : IClassFixture<FreshDatabase>, IClassFixture<Chromium>, IAsyncLifetime
{
    private readonly string tag = Guid.NewGuid().ToString("N")[..8];
    private IBrowserContext phone = null!;

    protected BotHost Host { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = BotHost.StartListening(db.ConnectionString, TestServices.MeaningSettings());
        phone = await chromium.NewPhoneAsync();
    }

    public async Task DisposeAsync()
    {
        await phone.DisposeAsync();
        await Host.DisposeAsync();
    }

    /// <summary>Loads the demo base, waits for meanings, opens Léa's chat; ready to type in.</summary>
    protected async Task<IPage> OpenAsync()
    {
        await Host.Services.GetRequiredService<FaqStore>().UpsertManyAsync(
            KnowledgeBaseFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "demo-kb.json")).File!.Entries, CancellationToken.None);
        await Host.WaitForMeaningsAsync();
        var lea = new LearnerIdentity("lea-" + tag, "Léa Dubois", $"lea.{tag}@example.test", null, "fr", "Europe/Paris");
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"{Host.Address}?learner={Uri.EscapeDataString(Host.Services.GetRequiredService<LearnerLinks>().Create(lea))}");
        await Expect(page.Locator("[data-id='webchat-sendbox-input']")).ToBeVisibleAsync();
        return page;
    }
}
