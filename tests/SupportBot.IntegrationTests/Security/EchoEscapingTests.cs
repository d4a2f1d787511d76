using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// Issue 17 item 10: the bot quotes the learner's question back in Markdown; Web Chat renders
/// Markdown and inline HTML, so what the learner wrote is escaped first (an &lt;img&gt; in a
/// question made the browser fetch its src).
/// </summary>
public sealed class EchoEscapingTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", CancellationToken.None);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Html_and_markdown_in_a_question_are_quoted_as_text()
    {
        var learner = new LearnerIdentity($"eve-{run}", "Eve", $"eve.{run}@example.test", "m1", "fr", "Europe/Paris");
        await host.Services.GetRequiredService<PeopleStore>().UpsertLearnerAsync(learner, CancellationToken.None);
        var chat = await WebChatLearner.OpenAsync(host, learner);

        await chat.SaysAsync("qui connaît la réponse <img src=\"/x\" onerror=\"alert(1)\"> au **TD 4** [ici](https://evil.example/) ?");

        var offer = (await chat.BotMessagesAsync()).Last().GetProperty("text").GetString()!;
        Assert.Contains("&lt;img src=\"/x\" onerror=\"alert(1)\"&gt;", offer, StringComparison.Ordinal);
        Assert.DoesNotContain("<img", offer, StringComparison.Ordinal);
        Assert.Contains("\\*\\*TD 4\\*\\*", offer, StringComparison.Ordinal);
        Assert.Contains("\\[ici\\]", offer, StringComparison.Ordinal);
    }
}
