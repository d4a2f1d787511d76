using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using SupportBot.BrowserTests.Tutor;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using static Microsoft.Playwright.Assertions;

namespace SupportBot.BrowserTests.Teams;

/// <summary>
/// The Teams path with Microsoft's own Teams client for developers, Microsoft 365 Agents Playground,
/// in Chromium, over the demo course: the Playground posts Teams activities (no token: the host runs
/// in Development with Bot:AllowUnauthenticated), the bot identifies the learner by asking the
/// Playground's Connector who the member is (the e-mail of the .m365agentsplayground.yml), and
/// replies through that Connector; the Playground renders the replies as Teams does.
/// </summary>
public sealed class TeamsPlaygroundTests(DemoCourseDatabase db, Chromium chromium)
    : IClassFixture<DemoCourseDatabase>, IClassFixture<Chromium>, IAsyncLifetime
{
    private BotHost host = null!;
    private IBrowserContext desktop = null!;

    public async Task InitializeAsync()
    {
        var settings = AgentsPlayground.BotSettings();
        settings["Jobs:RunServer"] = "true";
        settings["Jobs:WorkerCount"] = "2";
        settings["Jobs:QueuePollInterval"] = "00:00:00.200";
        settings["Inbox:Enabled"] = "false";
        settings["OutgoingMail:PublicBaseUrl"] = TutorInBrowser.NewLinkBase("teams");
        host = BotHost.StartListening(db.ConnectionString, settings);
        desktop = await chromium.NewContextAsync(new() { ViewportSize = new() { Width = 1366, Height = 900 }, Locale = "en-US" });
    }

    public async Task DisposeAsync()
    {
        await desktop.DisposeAsync();
        await host.DisposeAsync();
    }

    [Fact]
    public async Task A_french_question_in_an_english_teams_gets_the_french_answer_with_its_buttons_on_a_card()
    {
        await using var playground = await AgentsPlayground.StartAsync(host.Address!, new PlaygroundUser("Tom Wilson", "tom.wilson@example.test"));
        var teams = await TeamsInBrowser.OpenAsync(desktop, playground);

        await teams.SayAsync("mdp perdu");

        await Expect(teams.Page.GetByText("cliquez sur « Mot de passe oublié »").First).ToBeVisibleAsync();
        await Expect(teams.CardButton("Ça m'a aidé")).ToBeVisibleAsync();
        await Expect(teams.CardButton("Pas tout à fait")).ToBeVisibleAsync();
        Assert.Equal("en-US", await LocaleSeenAsync(playground, "Tom Wilson"));
        await teams.ScreenshotAsync("teams-playground-faq-card.png");

    }

    [Fact]
    public async Task Not_quite_in_teams_offers_the_next_entries_on_the_card_and_one_of_them_answers()
    {
        await using var playground = await AgentsPlayground.StartAsync(host.Address!, new PlaygroundUser("Tom Wilson", "tom.wilson@example.test"));
        var teams = await TeamsInBrowser.OpenAsync(desktop, playground);
        // French in an en-US Teams: answered in French, and the follow-up stays in French.
        await teams.SayAsync("mon fichier est trop lourd pour le dépôt");
        await Expect(teams.CardButton("Pas tout à fait")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // Typed: the Playground does not send a card's clicks; Teams posts the button's label, the same text.
        await teams.SayAsync("Pas tout à fait");

        await Expect(teams.Page.GetByText(new System.Text.RegularExpressions.Regex("Vous pensiez peut-être à (la question proposée|l.une des questions proposées) ci-dessous")).First)
            .ToBeVisibleAsync();
        var card = teams.Page.Locator(".ac-adaptiveCard").Last;
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "Oui, demander aux pairs", Exact = true })).ToBeVisibleAsync();
        await teams.ScreenshotAsync("teams-playground-not-quite.png");
        // The question offered, written in full above its numbered button (the card renders "1. …" as a list item).
        await Expect(card.GetByRole(AriaRole.Button, new() { Name = "1", Exact = true })).ToBeVisibleAsync();
        await Expect(card).ToContainTextAsync("Mon devoir ne s'envoie pas, le dépôt échoue");
        var helpedBefore = await teams.CardButton("Ça m'a aidé").CountAsync();

        await teams.SayAsync("Mon devoir ne s'envoie pas, le dépôt échoue");

        // Answered: a new answer card with its feedback buttons.
        await Expect(teams.CardButton("Ça m'a aidé")).ToHaveCountAsync(helpedBefore + 1);
    }

    [Fact]
    public async Task Did_you_mean_shows_each_question_in_full_on_the_card_with_buttons_that_are_not_cut()
    {
        await using var playground = await AgentsPlayground.StartAsync(host.Address!, new PlaygroundUser("Tom Wilson", "tom.wilson@example.test"));
        var teams = await TeamsInBrowser.OpenAsync(desktop, playground);

        await teams.SayAsync("certificat");

        // The first question builds the matcher and loads the thesauri: slow on a busy 2-core machine.
        await Expect(teams.Page.GetByText(new System.Text.RegularExpressions.Regex("Vous pensez à l.une de ces questions|Do you mean one of these")).First)
            .ToBeVisibleAsync(new() { Timeout = 60_000 });
        var card = teams.Page.Locator(".ac-adaptiveCard").Last;
        await Expect(card.GetByRole(AriaRole.Button).First).ToBeVisibleAsync();
        await teams.ScreenshotAsync("teams-playground-did-you-mean.png");
        // In French or in English, whichever the reply's language (the text's or the Playground's en-US).
        await Expect(card).ToContainTextAsync(new System.Text.RegularExpressions.Regex("Comment obtenir mon attestation de réussite \\?|How do I get my certificate of completion\\?"));
        await Expect(teams.CardButton("1")).ToBeVisibleAsync();
        await Expect(teams.CardButton("2")).ToBeVisibleAsync();
        // Nothing on the card is cut: every element shows all its text (no ellipsis, nothing wider than its box).
        var clipped = await card.EvaluateAsync<string[]>("""
            card => [...card.querySelectorAll('*')]
              .filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible' || getComputedStyle(e).textOverflow === 'ellipsis' && e.scrollWidth > e.clientWidth)
              .map(e => e.innerText + ' [' + e.className + ': ' + e.scrollWidth + ' > ' + e.clientWidth + ']')
            """);
        Assert.Empty(clipped);
    }

    [Fact]
    public async Task Help_lists_what_the_bot_can_do_and_its_card_starts_a_study_group_sign_up()
    {
        await using var playground = await AgentsPlayground.StartAsync(host.Address!, new PlaygroundUser("Tom Wilson", "tom.wilson@example.test"));
        var teams = await TeamsInBrowser.OpenAsync(desktop, playground);

        await teams.SayAsync("help");

        await Expect(teams.Page.GetByText("Here is what I can do").First).ToBeVisibleAsync();
        await Expect(teams.Page.GetByText("Answer your technical questions").First).ToBeVisibleAsync();
        await Expect(teams.CardButton("I want to help")).ToBeVisibleAsync();
        await teams.ScreenshotAsync("teams-playground-help.png");

        // Tom was recognised from the Playground's member lookup: the sign-up starts instead of "open the chat from your course".
        // Typed: the Playground 0.2.28 does not send a card's clicks (imBack "not supported yet", messageBack nothing); Teams posts the same text.
        await teams.SayAsync("Study group");
        await Expect(teams.Page.GetByText("A study group is 3 to 6 learners").First).ToBeVisibleAsync();
        await Expect(teams.CardButton("4")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Hugo_names_module_2_in_teams_and_only_module_2_people_are_asked()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        // Far from every knowledge-base entry (see ModuleRoutingBrowserTests), so the bot offers peers.
        var named = $"Dans le module 2, ma RECHERCHEV renvoie #N/A dans l'onglet {run} quand la clé contient des espaces.";
        await using var playground = await AgentsPlayground.StartAsync(host.Address!,
            new PlaygroundUser("Hugo Bernard", "hugo.bernard@example.test"));
        var teams = await TeamsInBrowser.OpenAsync(desktop, playground);

        await teams.SayAsync(named);
        // The Playground's Teams speaks en-US.
        await Expect(teams.Page.GetByText("Shall I pass your question on to the volunteers of Module 2 – Données et tableurs?").First).ToBeVisibleAsync();
        await Expect(teams.CardButton("Yes, ask peers")).ToBeVisibleAsync();
        await teams.SayAsync("Yes, ask peers");
        await Expect(teams.Page.GetByText("I'll write here as soon as").First).ToBeVisibleAsync();
        await teams.ScreenshotAsync("teams-playground-module-2.png");

        await DemoModule2.AssertAskedOnlyModule2PeopleAsync(db.DataSource, named, run);
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal("m2-data", await c.ExecuteScalarAsync<string>("SELECT module_id FROM supportbot.questions WHERE text = @named", new { named }));
    }

    [Fact]
    public async Task A_post_in_a_team_channel_does_not_make_the_channel_where_personal_messages_go()
    {
        var run = Guid.NewGuid().ToString("N")[..6];
        await using var playground = await AgentsPlayground.StartAsync(host.Address!,
            new PlaygroundUser("Léa Dubois", "lea.dubois@example.test"));
        var teams = await TeamsInBrowser.OpenAsync(desktop, playground);
        await teams.SayAsync("bonjour");
        await Expect(teams.Page.GetByText("What's your question?").First).ToBeVisibleAsync();

        // Later, and last, Léa @mentions the bot in the Module 2 channel of the course's team.
        await teams.OpenChannelAsync();
        await teams.PostMentioningTheBotAsync($"bonjour à tous {run}");
        await Expect(teams.Page.GetByText($"bonjour à tous {run}")).ToBeVisibleAsync();
        await Expect(teams.Page.GetByText("What's your question?").First).ToBeVisibleAsync();
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            // The channel post reached the bot from Léa (her latest conversation with it is the channel's).
            Assert.StartsWith("19:channel-", await c.ExecuteScalarAsync<string>("""
                SELECT r.conversation_id FROM supportbot.conversation_references r
                WHERE r.aad_object_id = (SELECT aad_object_id FROM supportbot.conversation_references WHERE conversation_id LIKE 'personal-%' AND user_name = 'Léa Dubois' ORDER BY last_seen_at DESC LIMIT 1)
                ORDER BY r.last_seen_at DESC LIMIT 1
                """), StringComparison.Ordinal);
        }

        // A tutor's message to Léa: personal, so it goes to her 1:1 chat with the bot, not to the channel she wrote in last.
        var tutorMessage = $"Léa, votre tutrice vous écrit : pensez au devoir 3 ({run}).";
        await SendPersonalMessageAsync("learner-lea", tutorMessage, run);
        // The chat list previews the personal chat's latest message: look at the messages and the channel's posts only.
        var inChannel = teams.Page.GetByRole(AriaRole.Group).Filter(new() { HasText = tutorMessage });
        var inChat = teams.Page.GetByText(tutorMessage).Locator("xpath=self::*[not(ancestor::*[@role='treeitem'])]");
        await teams.OpenPersonalChatAsync();
        await Expect(inChat).ToBeVisibleAsync();
        await teams.ScreenshotAsync("teams-playground-personal-message.png");
        await teams.OpenChannelAsync();
        await Expect(teams.Page.GetByText($"bonjour à tous {run}")).ToBeVisibleAsync();
        await Expect(inChannel).ToHaveCountAsync(0);
        await Expect(inChat).ToHaveCountAsync(0);
    }

    /// <summary>The locale of the Playground user's latest activity, as the bot stored it with the conversation reference.</summary>
    private async Task<string?> LocaleSeenAsync(AgentsPlayground playground, string userName)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<string?>(
            "SELECT locale FROM supportbot.conversation_references WHERE service_url LIKE @url AND user_name = @userName ORDER BY last_seen_at DESC LIMIT 1",
            new { url = $"%:{playground.Address.Port}/%", userName });
    }

    private async Task SendPersonalMessageAsync(string externalId, string text, string run)
    {
        Guid person;
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            person = await c.ExecuteScalarAsync<Guid>("SELECT id FROM supportbot.people WHERE external_id = @externalId", new { externalId });
        }

        using var scope = host.Services.CreateScope();
        var (_, channel) = await scope.ServiceProvider.GetRequiredService<LearnerDelivery>().SendAsync(
            $"teams-playground-test:{run}", new Recipient(person, "Léa Dubois", "lea.dubois@example.test", "fr", "Europe/Paris"),
            new RenderedMail("Message", text, $"<p>{text}</p>"), null, null, CancellationToken.None);
        Assert.Equal("chat", channel);
    }
}
