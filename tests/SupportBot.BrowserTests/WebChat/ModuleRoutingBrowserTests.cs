using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.BrowserTests.Tutor;
using SupportBot.Cli;
using SupportBot.Shared.People;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.WebChat;

/// <summary>
/// Issue #14 in Web Chat on a phone over the demo course (seed-demo), with the host's Hangfire
/// server mailing through smtp4dev: Hugo (Module 1 and Module 2) names Module 2 and reads that its
/// volunteers got it; only Module 2 people are mailed; a question naming no module gets one button
/// per module; the tutor sees the question under Module 2 with its topic. A duplicate of a question a
/// peer answered in the demo activity is offered that answer, and "ask peers anyway" routes it.
/// </summary>
public sealed class ModuleRoutingBrowserTests(FreshDatabase db, Chromium chromium)
    : IClassFixture<FreshDatabase>, IClassFixture<Chromium>, IAsyncLifetime
{
    private static readonly LearnerIdentity Hugo = new("learner-hugo", "Hugo Bernard", "hugo.bernard@example.test", null, "fr", "Europe/Paris");
    private static readonly string LinkBase = TutorInBrowser.NewLinkBase("modules");
    private BotHost host = null!;
    private IBrowserContext phone = null!;

    public async Task InitializeAsync()
    {
        string[] args = ["seed-demo", "--dir", Path.Combine(TestServices.RepositoryRoot, "demo"),
            .. TestServices.HostSettings(db.ConnectionString).SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];
        Assert.Equal(0, await CliProgram.CreateRoot().Parse(args).InvokeAsync());
        host = BotHost.StartListening(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Jobs:WorkerCount"] = "2",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            ["Inbox:Enabled"] = "false",
            ["OutgoingMail:PublicBaseUrl"] = LinkBase,
        });
        phone = await chromium.NewPhoneAsync();
    }

    public async Task DisposeAsync()
    {
        await phone.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task Hugo_names_module_2_then_picks_a_module_by_button_and_only_module_2_people_are_asked()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        // Texts far from every knowledge-base entry (faq match scores 0.22 and 0.06, under the did-you-mean floor of 0.3), so the bot offers peers; the second names no module and none of their keywords.
        var named = $"Dans le module 2, ma RECHERCHEV renvoie #N/A dans l'onglet {run} quand la clé contient des espaces.";
        var chat = await phone.NewPageAsync();
        await chat.GotoAsync($"{host.Address}?learner={Uri.EscapeDataString(host.Services.GetRequiredService<LearnerLinks>().Create(Hugo))}");
        await Expect(chat.GetByText("Je suis SupportBot").First).ToBeVisibleAsync();

        // Both tests are Hugo's, and the page resumes his conversation: count what this test adds to its history (read
        // in one batch with the hello), not what the other test left in it.
        var routed = chat.Locator(".webchat__bubble", new() { HasText = "Je vous écris ici dès qu" });
        var before = await routed.CountAsync();
        await WebChatSendBox.SayAsync(chat, named);
        await Expect(chat.GetByText("Je transmets votre question aux volontaires de « Module 2 – Données et tableurs »").First).ToBeVisibleAsync();
        await chat.Locator(".webchat__suggested-action", new() { HasText = "Oui, demander aux pairs" }).ClickAsync();
        // The demo activity keeps Module 2's volunteers busy some weeks: then its tutors get it, and the chat says so.
        // Volunteers ("C'est transmis à 2 volontaires de « Module 2 – ... »") or, busy, its tutors ("... à vos tuteur·rices, Claire et Samuel").
        // Web Chat also copies each message into its screen-reader live region: count the bubbles.
        await ChatTranscript.ExpectCountAsync(routed, before + 1, db.DataSource, Hugo.LearnerId);
        await chat.ScreenshotAsync(new() { Path = Path.Combine(TutorInBrowser.Screenshots, "web-chat-module-2.png") });

        await DemoModule2.AssertAskedOnlyModule2PeopleAsync(db.DataSource, named, run);

        var unnamed = $"La consigne numéro 4 de la séance {run} n'est pas claire pour moi.";
        await WebChatSendBox.SayAsync(chat, unnamed);
        // Web Chat's Markdown curls apostrophes (s’agit): match the words before it.
        await Expect(chat.GetByText("De quel module s").First).ToBeVisibleAsync();
        await Expect(chat.Locator(".webchat__suggested-action", new() { HasText = "Module 1 – Prendre en main la plateforme" })).ToBeVisibleAsync();
        await chat.Locator(".webchat__suggested-action", new() { HasText = "Module 2 – Données et tableurs" }).ClickAsync();
        await ChatTranscript.ExpectCountAsync(routed, before + 2, db.DataSource, Hugo.LearnerId);
        Assert.All(await DemoModule2.RecipientsAsync(db.DataSource, unnamed), p => Assert.NotEqual("learner-tom", p));
    }

    [Fact]
    public async Task On_the_demo_activity_a_duplicate_is_offered_the_earlier_peer_answer_and_ask_peers_anyway_routes_it()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        // The question: Aïcha answered almost the same one in the demo activity (q04).
        var duplicate = $"Dans le module 2, ma formule RECHERCHEV renvoie #N/A sur la feuille Ventes {run}, pourquoi ?";
        var chat = await phone.NewPageAsync();
        await chat.GotoAsync($"{host.Address}?learner={Uri.EscapeDataString(host.Services.GetRequiredService<LearnerLinks>().Create(Hugo))}");
        await Expect(chat.GetByText("Je suis SupportBot").First).ToBeVisibleAsync();

        var routed = chat.Locator(".webchat__bubble", new() { HasText = "Je vous écris ici dès qu" });
        var offer = chat.Locator(".webchat__bubble", new() { HasText = "Un pair a répondu à une question semblable le " });
        var (routedBefore, offersBefore) = (await routed.CountAsync(), await offer.CountAsync());
        await WebChatSendBox.SayAsync(chat, duplicate);
        await Expect(offer).ToHaveCountAsync(offersBefore + 1);
        await Expect(offer.Last).ToContainTextAsync("Vérifie que la colonne recherchée est la première de la plage");
        await Expect(chat.Locator(".webchat__suggested-action", new() { HasText = "Ça résout mon problème" })).ToBeVisibleAsync();
        Assert.Empty(await DemoModule2.RecipientsAsync(db.DataSource, duplicate));
        await chat.ScreenshotAsync(new() { Path = Path.Combine(TutorInBrowser.Screenshots, "web-chat-similar-answer.png") });

        await chat.Locator(".webchat__suggested-action", new() { HasText = "Demander aux pairs quand même" }).ClickAsync();
        await Expect(routed).ToHaveCountAsync(routedBefore + 1);
        await DemoModule2.AssertAskedOnlyModule2PeopleAsync(db.DataSource, duplicate, run);
    }

}
