using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Shared.People;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.WebChat;

/// <summary>A learner opens the chat from their course on a phone: the page, Web Chat and Direct Line together.</summary>
public sealed class PhoneWebChatTests(FreshDatabase db, Chromium chromium) : IClassFixture<FreshDatabase>, IClassFixture<Chromium>, IAsyncLifetime
{
    // A learner of her own per test: the web chat resumes a learner's latest conversation, so tests sharing one would share it.
    private readonly LearnerIdentity Lea = new("learner-lea-" + Guid.NewGuid().ToString("N")[..8], "Léa Dubois", $"lea.{Guid.NewGuid():N}@example.test", "Python 101", "fr", "Europe/Paris");
    private BotHost host = null!;
    private IBrowserContext phone = null!;

    private static string Screenshots => Path.Combine(TestServices.RepositoryRoot, "docs", "screenshots");

    public async Task InitializeAsync()
    {
        host = BotHost.StartListening(db.ConnectionString);
        phone = await chromium.NewPhoneAsync();
    }

    public async Task DisposeAsync()
    {
        await phone.DisposeAsync();
        await host.DisposeAsync();
    }

    private string LinkFor(LearnerIdentity learner) => host.Services.GetRequiredService<LearnerLinks>().Create(learner);

    [Fact]
    public async Task Learner_on_a_phone_is_welcomed_uses_a_suggested_action_and_says_bonjour()
    {
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"{host.Address}?learner={Uri.EscapeDataString(LinkFor(Lea))}");

        await Expect(page.GetByText("Je suis SupportBot").First).ToBeVisibleAsync();
        var help = page.Locator(".webchat__suggested-action", new() { HasText = "Aide" });
        await Expect(help).ToBeVisibleAsync();

        await help.ClickAsync();
        await Expect(page.GetByText("Écrivez votre question avec vos mots").First).ToBeVisibleAsync();

        await WebChatSendBox.SayAsync(page, "bonjour");
        await Expect(page.GetByText("Bonjour ! Quelle est votre question ?").First).ToBeVisibleAsync();

        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "web-chat-phone.png") });
        await AssertUsableOnAPhoneAsync(page);
    }

    [Fact]
    public async Task A_screenshot_sent_from_the_phone_stays_an_image_after_the_upload()
    {
        var page = await phone.NewPageAsync();
        await page.GotoAsync($"{host.Address}?learner={Uri.EscapeDataString(LinkFor(Lea))}");
        await Expect(page.GetByText("Je suis SupportBot").First).ToBeVisibleAsync();

        await page.Locator("#webchat input[type=file]").SetInputFilesAsync(new FilePayload
        {
            Name = "erreur-depot.png",
            MimeType = "image/png",
            Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="),
        });
        // Web Chat 4.18 holds the file in the send box until the learner sends, once it has read it
        // (asynchronously: an Enter before that sends nothing, and an Enter after it on an empty box neither).
        var sentImage = page.Locator(".webchat__basic-transcript__activity img[alt='erreur-depot.png']");
        for (var attempt = 0; attempt < 40 && await sentImage.CountAsync() == 0; attempt++)
        {
            await page.Locator("[data-id='webchat-sendbox-input']").PressAsync("Enter");
            await page.WaitForTimeoutAsync(250);
        }

        // After Direct Line's echo (and the bot asking for a description) the learner still sees their image, not a download card.
        await Expect(page.GetByText("Décrivez aussi votre problème").First).ToBeVisibleAsync();
        await Expect(page.Locator("#webchat img[alt='erreur-depot.png']")).ToHaveCountAsync(1);
        await Expect(page.Locator("#webchat .webchat__fileContent")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_tampered_link_shows_the_refusal_page()
    {
        var link = LinkFor(Lea);
        var tampered = link[..^6] + (link[^6] == 'A' ? "B" : "A") + link[^5..];
        var page = await phone.NewPageAsync();

        var response = await page.GotoAsync($"{host.Address}?learner={Uri.EscapeDataString(tampered)}");

        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ce lien n'est pas valide" })).ToBeVisibleAsync();
        await Expect(page.Locator("#webchat")).ToHaveCountAsync(0);
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the refusal page scrolls sideways on a phone");
        Directory.CreateDirectory(Screenshots);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "link-refused.png") });
    }

    /// <summary>No sideways scrolling, the send box on screen, big enough to tap and not zoomed into, the header not eating the screen.</summary>
    private static async Task AssertUsableOnAPhoneAsync(IPage page)
    {
        Assert.True(await page.EvaluateAsync<int>("document.documentElement.scrollWidth") <= 390, "the chat scrolls sideways on a phone");
        var box = await page.Locator(".webchat__send-box__main").BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Y + box.Height <= 844, $"the send box is below the screen (bottom at {box.Y + box.Height})");
        Assert.True(box.Height >= 32, $"the send box is too small to tap ({box.Height} px)");
        var fontSize = await page.Locator("[data-id='webchat-sendbox-input']").EvaluateAsync<string>("e => getComputedStyle(e).fontSize");
        Assert.True(double.Parse(fontSize.Replace("px", "", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture) >= 16,
            $"the send box's font is {fontSize}: iOS zooms into text fields under 16px");
        var header = await page.Locator("body > header").BoundingBoxAsync();
        Assert.True(header is { Height: <= 80 }, $"the header takes {header?.Height} px of an 844 px screen");
    }
}
