using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Bot.DirectLine;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Conformance;

/// <summary>
/// The self-hosted Direct Line against its reference client: the official botframework-directlinejs
/// (the library inside Web Chat), run by Node against the real host on a real port.
/// </summary>
public sealed class DirectLineJsConformanceTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private static readonly LearnerIdentity Lea = new("learner-lea", "Léa Dubois", "lea.dubois@example.test", null, "fr", "Europe/Paris");
    private BotHost host = null!;

    public Task InitializeAsync()
    {
        host = BotHost.StartListening(db.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    private string Domain => new Uri(host.Address!, "v3/directline").AbsoluteUri;

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DirectLineJs_posts_a_message_and_receives_the_bots_answer(bool webSocket)
    {
        var chat = await OpenChatAsync(Lea);

        var run = await DirectLineJs.RunAsync(new { domain = Domain, chat.Token, webSocket, say = "bonjour", chat.UserId });

        Assert.True(run.Ok, run.ToString());
        Assert.Equal(chat.ConversationId, run.ConversationId);
        Assert.Contains("Online", run.Statuses);
        var own = Assert.Single(run.Activities, a => a.GetProperty("id").GetString() == run.PostedId);
        Assert.Equal(chat.UserId, own.GetProperty("from").GetProperty("id").GetString());
        var reply = Assert.Single(run.Activities, a => a.TryGetProperty("replyToId", out var r) && r.GetString() == run.PostedId);
        Assert.Equal("Bonjour ! Quelle est votre question ?", reply.GetProperty("text").GetString());
        Assert.Equal("directline", reply.GetProperty("channelId").GetString());
        Assert.Equal(chat.ConversationId, reply.GetProperty("conversation").GetProperty("id").GetString());
        Assert.Equal("2", run.Watermark);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task DirectLineJs_reconnecting_with_a_watermark_receives_only_what_came_after(bool webSocket)
    {
        var chat = await OpenChatAsync(Lea);
        var first = await DirectLineJs.RunAsync(new { domain = Domain, chat.Token, webSocket, say = "bonjour", chat.UserId });
        Assert.True(first.Ok, first.ToString());
        var watermark = first.Watermark;

        // While the page is closed the learner writes from another tab: activities 3 and 4.
        await SaysOverHttpAsync(chat, "hello");
        var second = await DirectLineJs.RunAsync(new
        {
            domain = Domain, chat.Token, webSocket, chat.ConversationId, watermark, say = "merci", chat.UserId, settleMs = 1000,
        });

        Assert.True(second.Ok, second.ToString());
        Assert.Equal(chat.ConversationId, second.ConversationId);
        // DirectLineJS emits each ActivitySet's items on RxJS's async scheduler, so two sets can
        // interleave on arrival; Web Chat orders by id. What matters: each activity once, none before the watermark.
        var received = second.Activities.OrderBy(Sequence).ToList();
        Assert.Equal([3L, 4, 5, 6], received.Select(Sequence));
        Assert.Equal(["hello", "Hello! What's your question?", "merci", "Avec plaisir ! Bon courage pour la suite."], received.Select(a => a.GetProperty("text").GetString()));
        Assert.Equal("6", second.Watermark);
    }

    [Fact]
    public async Task DirectLineJs_renews_its_token_and_the_new_one_opens_the_same_conversation()
    {
        var chat = await OpenChatAsync(Lea);

        var run = await DirectLineJs.RunAsync(new { domain = Domain, chat.Token, webSocket = true, refresh = true });

        Assert.True(run.Ok, run.ToString());
        // Within the same second the renewed token may equal the old one (whole-second claims); what counts is that it works.
        var renewed = new Chat(chat.ConversationId, run.RefreshedToken!, chat.UserId);
        await SaysOverHttpAsync(renewed, "hello");
        var after = await DirectLineJs.RunAsync(new { domain = Domain, renewed.Token, webSocket = true, chat.ConversationId, watermark = "0", expect = 2 });
        Assert.True(after.Ok, after.ToString());
        Assert.Equal(["hello", "Hello! What's your question?"], after.Activities.OrderBy(Sequence).Select(a => a.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task DirectLineJs_told_its_token_expired_reports_ExpiredToken_so_the_page_can_renew_it()
    {
        var chat = await OpenChatAsync(Lea);
        var anHourAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var expired = new DirectLineTokens(Options.Create(new DirectLineOptions { TokenSigningKey = TestServices.DirectLineKey }), anHourAgo)
            .Issue(chat.ConversationId, chat.UserId);

        // A page resuming with a token and streamUrl is online at once; its first poll meets the expiry.
        var run = await DirectLineJs.RunAsync(new
        {
            domain = Domain, token = expired, webSocket = false, chat.ConversationId, streamUrl = "ws://127.0.0.1:9/unused", expect = 1, timeoutMs = 10000,
        });

        Assert.False(run.Ok);
        Assert.Contains("ExpiredToken", run.Statuses);
    }

    private static long Sequence(JsonElement activity) =>
        long.Parse(activity.GetProperty("id").GetString()!.Split('|')[1], CultureInfo.InvariantCulture);

    private async Task<Chat> OpenChatAsync(LearnerIdentity learner)
    {
        var link = host.Services.GetRequiredService<LearnerLinks>().Create(learner);
        using var http = new HttpClient { BaseAddress = host.Address };
        using var response = await http.PostAsJsonAsync(new Uri("api/directline/token", UriKind.Relative), new { learner = link });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return new Chat(body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!, body.GetProperty("userId").GetString()!);
    }

    private async Task SaysOverHttpAsync(Chat chat, string text)
    {
        using var http = new HttpClient { BaseAddress = host.Address };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", chat.Token);
        using var response = await http.PostAsJsonAsync(new Uri($"v3/directline/conversations/{chat.ConversationId}/activities", UriKind.Relative),
            new { type = "message", text, locale = "en-US", from = new { id = chat.UserId } });
        response.EnsureSuccessStatusCode();
    }

    private sealed record Chat(string ConversationId, string Token, string UserId);
}
