using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.WebChat;

/// <summary>
/// The web chat's hello is the conversation's first message: the server greets a new conversation before the page gets
/// its token (the page asks for it with "greet"), so a learner typing as the page opens never gets the hello after (or
/// instead of the buttons of) the answer.
/// </summary>
public sealed class WebChatHelloTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private static LearnerIdentity Lea => Learner("fr");
    private BotHost host = null!;

    public Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Theory]
    [InlineData("fr", "Bonjour ! Je suis SupportBot.", "Mot de passe oublié")]
    [InlineData("en", "Hello! I'm SupportBot.", "Forgot my password")]
    public async Task A_new_conversation_already_holds_the_hello_in_the_learners_language_when_the_page_gets_its_token(string locale, string hello, string button)
    {
        var (http, session) = await TokenAsync(Learner(locale));

        var activities = await ActivitiesAsync(http, session);

        var first = Assert.Single(activities, a => a.GetProperty("type").GetString() == "message");
        Assert.StartsWith(hello, first.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(session.GetProperty("userId").GetString(), first.GetProperty("from").GetProperty("id").GetString());
        Assert.Contains(button, first.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()));
    }

    [Fact]
    public async Task A_question_typed_as_the_page_opens_is_answered_after_the_hello()
    {
        var (http, session) = await TokenAsync(Lea);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.GetProperty("token").GetString());

        var posted = await http.PostAsJsonAsync(new Uri($"/v3/directline/conversations/{session.GetProperty("conversationId").GetString()}/activities", UriKind.Relative),
            new { type = "message", text = "Bonjour !", locale = "fr-FR", from = new { id = session.GetProperty("userId").GetString() } });
        Assert.True(posted.IsSuccessStatusCode);

        var said = (await ActivitiesAsync(http, session)).Where(a => a.GetProperty("type").GetString() == "message").Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Equal(3, said.Count);
        Assert.StartsWith("Bonjour ! Je suis SupportBot.", said[0], StringComparison.Ordinal);
        Assert.Equal("Bonjour !", said[1]);
        Assert.Contains("Quelle est votre question", said[2], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_does_not_ask_for_the_hello_starts_with_an_empty_conversation()
    {
        var (http, session) = await TokenAsync(Lea, greet: false);

        Assert.Empty(await ActivitiesAsync(http, session));
    }

    [Fact]
    public async Task A_resumed_conversation_is_not_greeted_again()
    {
        var lea = Lea;
        var (http, session) = await TokenAsync(lea);
        var conversationId = session.GetProperty("conversationId").GetString();

        var again = await http.PostAsJsonAsync(new Uri("/api/directline/token", UriKind.Relative),
            new { learner = host.Services.GetRequiredService<LearnerLinks>().Create(lea), conversationId, resume = true, greet = true });
        var resumed = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;

        Assert.True(resumed.GetProperty("resumed").GetBoolean());
        Assert.Single(await ActivitiesAsync(http, resumed), a => a.GetProperty("type").GetString() == "message");
    }

    /// <summary>A learner of their own for each test: with resume, a learner's latest conversation is theirs again.</summary>
    private static LearnerIdentity Learner(string locale)
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        return new LearnerIdentity($"learner-{id}", $"Learner {id}", $"{id}@example.test", null, locale, "Europe/Paris");
    }

    /// <summary>A token as the chat page asks for it.</summary>
    private async Task<(HttpClient Http, JsonElement Session)> TokenAsync(LearnerIdentity learner, bool greet = true)
    {
        var http = host.CreateClient();
        var response = await http.PostAsJsonAsync(new Uri("/api/directline/token", UriKind.Relative),
            new { learner = host.Services.GetRequiredService<LearnerLinks>().Create(learner), resume = true, greet });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (http, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task<List<JsonElement>> ActivitiesAsync(HttpClient http, JsonElement session)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"/v3/directline/conversations/{session.GetProperty("conversationId").GetString()}/activities", UriKind.Relative));
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", session.GetProperty("token").GetString());
        using var response = await http.SendAsync(request);
        var set = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return [.. set.GetProperty("activities").EnumerateArray().Select(a => a.Clone())];
    }
}
