using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.Jobs.Campaigns;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.WebChat;

/// <summary>
/// What a learner reads on a phone (390 x 844) in Web Chat: a tutor's campaign arriving in the chat,
/// the "did you mean" buttons, and the same conversation opened on a second device. Each test reads
/// the page as it is drawn (visible text, element sizes), not the activities sent.
/// Screenshots: docs/screenshots/chat-campaign-phone.png, chat-did-you-mean-phone.png.
/// </summary>
public sealed class PhoneChatMessagesTests(FreshDatabase db, Chromium chromium) : IClassFixture<FreshDatabase>, IClassFixture<Chromium>, IAsyncLifetime
{
    // A learner of her own per test: her conversation follows her, so two tests with one learner would share it.
    private readonly string Tag = Guid.NewGuid().ToString("N")[..8];
    private LearnerIdentity Lea => new("lea-" + Tag, "Léa Dubois", $"lea.{Tag}@example.test", "py-" + Tag, "fr", "Europe/Paris");
    private BotHost host = null!;
    private IBrowserContext phone = null!;

    private static string Screenshots => Path.Combine(TestServices.RepositoryRoot, "docs", "screenshots");

    public async Task InitializeAsync()
    {
        host = BotHost.StartListening(db.ConnectionString, TestServices.CampaignSettings());
        phone = await chromium.NewPhoneAsync();
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        await phone.DisposeAsync();
        await host.DisposeAsync();
    }

    private string LinkFor(LearnerIdentity learner) => host.Services.GetRequiredService<LearnerLinks>().Create(learner);

    private async Task<IPage> OpenChatAsync(IBrowserContext device)
    {
        var page = await device.NewPageAsync();
        await page.GotoAsync($"{host.Address}?learner={Uri.EscapeDataString(LinkFor(Lea))}");
        await Expect(page.Locator("[data-id='webchat-sendbox-input']")).ToBeVisibleAsync();
        return page;
    }


    [Fact]
    public async Task A_campaign_in_the_chat_reads_as_a_chat_message_with_a_clickable_link_and_a_stop_button_that_works()
    {
        var page = await OpenChatAsync(phone);
        await WebChatSendBox.SayAsync(page, "bonjour");
        await Expect(page.GetByText("Bonjour ! Quelle est votre question ?").First).ToBeVisibleAsync();

        // The tutor page's default message (Tutor/Campaigns/CampaignForm.cs) plus a link, as a tutor writes one.
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("course-" + Tag, "Licence", CancellationToken.None);
        await people.UpsertModuleAsync(Lea.Course!, "course-" + Tag, "Python 101", null, CancellationToken.None);
        var lea = (await people.FindByEmailAsync([Lea.Email], CancellationToken.None))!.Value;
        await people.EnrolAsync(lea, Lea.Course!, "2027-A", CancellationToken.None);
        var campaigns = host.Services.GetRequiredService<CampaignLifecycle>();
        var campaign = await campaigns.CreateAsync(new NewCampaign("Encouragements " + Tag, Lea.Course, null, new AudienceFilter(AudienceKind.Module, Lea.Course),
            new CampaignMessage(
                "Courage {{ first_name }}",
                "Bonjour {{ first_name }},\n\nVous avancez dans {{ module }} : chaque étape compte. Le planning : https://cours.example.test/planning\n\n\n\nUne question ? Le chat vous répond : {{ links.chat }}",
                "Keep going {{ first_name }}",
                "Hello {{ first_name }},\n\nYou are making progress in {{ module }}. A question? The chat answers: {{ links.chat }}"),
            CampaignChannel.ChatElseEmail, LocalSchedule.Now(DateTimeOffset.UtcNow)), CancellationToken.None);
        await campaigns.ScheduleAsync(campaign, CancellationToken.None);
        foreach (var batch in await host.Services.GetRequiredService<CampaignsDispatchJob>().RunAsync(CancellationToken.None))
        {
            await host.Services.GetRequiredService<SendCampaignBatchJob>().RunAsync(batch, CancellationToken.None);
        }

        var bubble = page.Locator(".webchat__bubble", new() { HasText = "Vous avancez dans Python 101" });
        await Expect(bubble).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "chat-campaign-phone.png") });

        var text = await bubble.InnerTextAsync();
        Assert.DoesNotContain("unsubscribe", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(host.Address!.Authority, text, StringComparison.Ordinal);
        Assert.DoesNotContain(text.ReplaceLineEndings("\n").Split('\n'), line => line.Trim() == "--");
        Assert.Contains("ici même, dans ce chat", text, StringComparison.Ordinal);
        var gap = await LargestBlankGapAsync(bubble);
        Assert.True(gap < 20, $"a blank gap of {gap:F0} px between two lines of the campaign message");

        var link = bubble.Locator("a[href='https://cours.example.test/planning']");
        await Expect(link).ToBeVisibleAsync();

        await page.Locator(".webchat__suggested-action", new() { HasText = "Ne plus recevoir ces messages" }).ClickAsync();
        await Expect(page.GetByText("vous ne recevrez plus ces messages").First).ToBeVisibleAsync();
        Assert.True(await people.IsOptedOutAsync(lea, EmailCategories.Campaigns, CancellationToken.None));
        Assert.False(await people.IsOptedOutAsync(lea, EmailCategories.RoutedQuestions, CancellationToken.None));
    }

    [Fact]
    public async Task Did_you_mean_buttons_show_their_whole_question_on_a_phone()
    {
        await host.Services.GetRequiredService<FaqStore>().UpsertManyAsync(
            KnowledgeBaseFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "demo-kb.json")).File!.Entries, CancellationToken.None);
        var page = await OpenChatAsync(phone);

        await WebChatSendBox.SayAsync(page, "certificat");
        var choice = page.Locator(".webchat__suggested-action", new() { HasText = "Comment obtenir mon attestation" });
        // The first question builds the matcher and loads the thesauri: on a busy 2-core machine that
        // took longer than Playwright's 15 s (the test failed twice while the drills ran beside it).
        await Expect(choice).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await page.WaitForTimeoutAsync(500); // the suggested actions slide in
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "chat-did-you-mean-phone.png") });

        var buttons = page.Locator(".webchat__suggested-action");
        Assert.True(await buttons.CountAsync() >= 3);
        // Every button and every element inside it shows all its text: nothing cut, nothing off screen.
        var clipped = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('.webchat__suggested-action')].flatMap(b =>
                [b, ...b.querySelectorAll('*')]
                  .filter(e => e.scrollWidth > e.clientWidth + 1 || e.getBoundingClientRect().right > window.innerWidth + 1 || e.getBoundingClientRect().left < -1)
                  .map(e => b.innerText + ' [' + e.className + ': ' + e.scrollWidth + ' > ' + e.clientWidth + ']'))
            """);
        Assert.Empty(clipped);
        await Expect(choice).ToContainTextAsync("Comment obtenir mon attestation de réussite ?");

        await choice.ClickAsync();
        await Expect(page.GetByText("Scolarité > Documents").First).ToBeVisibleAsync();
    }

    [Fact]
    public async Task The_same_learner_link_on_a_second_device_resumes_the_conversation_with_its_history()
    {
        var first = await OpenChatAsync(phone);
        await WebChatSendBox.SayAsync(first, "bonjour");
        await Expect(first.GetByText("Bonjour ! Quelle est votre question ?").First).ToBeVisibleAsync();

        await using var laptop = await chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 }, Locale = "fr-FR" });
        var second = await OpenChatAsync(laptop);

        // The history is there, and the second device was not welcomed as a stranger a second time.
        await Expect(second.GetByText("Bonjour ! Quelle est votre question ?").First).ToBeVisibleAsync();
        await Expect(second.Locator(".webchat__bubble--from-user", new() { HasText = "bonjour" })).ToHaveCountAsync(1);
        await Expect(second.Locator(".webchat__bubble", new() { HasText = "Je suis SupportBot" })).ToHaveCountAsync(1);

        // What the learner writes on the second device is answered there, and the first device sees it too.
        var fromBot = ".webchat__bubble:not(.webchat__bubble--from-user)";
        var answered = await second.Locator(fromBot).CountAsync();
        await WebChatSendBox.SayAsync(second, "merci");
        await Expect(second.Locator(".webchat__bubble--from-user", new() { HasText = "merci" })).ToBeVisibleAsync();
        await Expect(second.Locator(fromBot)).ToHaveCountAsync(answered + 1);
        await Expect(first.Locator(".webchat__bubble--from-user", new() { HasText = "merci" })).ToBeVisibleAsync();
        await Expect(first.Locator(fromBot)).ToHaveCountAsync(answered + 1);
    }

    /// <summary>The tallest empty band between two consecutive lines of text in the element, in CSS pixels.</summary>
    private static Task<double> LargestBlankGapAsync(ILocator element) => element.EvaluateAsync<double>("""
        e => {
          const lines = [];
          const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const range = document.createRange();
            range.selectNodeContents(walker.currentNode);
            for (const r of range.getClientRects()) { if (r.height > 0 && r.width > 0) lines.push([r.top, r.bottom]); }
          }
          lines.sort((a, b) => a[0] - b[0]);
          let gap = 0, bottom = lines.length ? lines[0][1] : 0;
          for (const [top, b] of lines) { gap = Math.max(gap, top - bottom); bottom = Math.max(bottom, b); }
          return gap;
        }
        """);
}
