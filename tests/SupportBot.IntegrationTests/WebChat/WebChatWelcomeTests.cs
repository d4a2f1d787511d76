using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.WebChat;

/// <summary>The web chat page's join event gets the hello, unless the learner has already written.</summary>
public sealed class WebChatWelcomeTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private static readonly LearnerIdentity Lea = new("learner-lea", "Léa Dubois", "lea.dubois@example.test", null, "fr", "Europe/Paris");
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        await DemoKnowledgeBase.LoadAsync(host.Services);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_new_conversation_is_greeted_with_its_buttons()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);

        await lea.JoinsAsync();

        var hello = Assert.Single(await lea.BotMessagesAsync());
        Assert.Contains("Je suis SupportBot", hello.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.True(hello.TryGetProperty("suggestedActions", out _));
    }

    [Fact]
    public async Task A_join_read_after_the_learners_first_question_says_nothing()
    {
        // A learner who types as the page opens: the question's turn may be read before the page's join event.
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        await lea.SaysAsync("j'ai oublié mon mot de passe, comment faire ?");
        Assert.Contains("Mot de passe oublié", Assert.Single(await lea.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);

        await lea.JoinsAsync();

        Assert.Empty(await lea.BotMessagesAsync(timeoutMs: 1500));
    }
}
