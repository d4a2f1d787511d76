using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.PeerHelp;

/// <summary>A learner's turns run one after the other: two taps on a button are two answers in order, not two at once.</summary>
public sealed class DoubleTapTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private static readonly LearnerIdentity Hugo = new("learner-hugo", "Hugo Bernard", "hugo.bernard@example.test", "m-ask", "fr", "Europe/Paris");
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        await DemoKnowledgeBase.LoadAsync(host.Services);
        // Hugo's module (his link names it) and one volunteer of it.
        await AskModule.SeedAsync(host.Services);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_double_tap_on_yes_confirms_once()
    {
        var hugo = await WebChatLearner.OpenAsync(host, Hugo);
        await hugo.SaysAsync("dans l'exercice 9 de compta, pourquoi l'amortissement est dégressif ?");
        Assert.Contains("Je transmets votre question", Assert.Single(await hugo.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);

        // Two taps on the button before the first reply: two posts, each with its own turn.
        await Task.WhenAll(hugo.SaysAsync("Oui, demander aux pairs"), hugo.SaysAsync("Oui, demander aux pairs"));

        // One turn after the other: the first passes it on, the second says so.
        var replies = (await hugo.BotMessagesAsync(atLeast: 2, timeoutMs: 5000)).Select(r => r.GetProperty("text").GetString()!).ToList();
        Assert.True(replies.Count(r => r.StartsWith("C'est transmis à 1 volontaire", StringComparison.Ordinal)) == 1, string.Join("\n---\n", replies));
        Assert.Contains("C'est déjà transmis : je vous écris ici dès qu'il y a une réponse.", replies);
    }
}
