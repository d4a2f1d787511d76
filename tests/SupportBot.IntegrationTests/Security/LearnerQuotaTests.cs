using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// Issue 17 item 8, the learner's side: uploads have a quota per learner (files and bytes per day,
/// across their conversations) and a conversation has at most so many open streams, whichever of its
/// tokens opened them. Past them: 429 with Retry-After, nothing stored.
/// </summary>
public sealed class LearnerQuotaTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString, new Dictionary<string, string?>
        {
            ["DirectLine:Limits:LearnerUploadFiles"] = "3",
            ["DirectLine:Limits:LearnerUploadBytes"] = "5000",
            ["DirectLine:Limits:StreamsPerConversation"] = "2",
        });
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", CancellationToken.None);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_learners_uploads_past_the_file_quota_get_429_in_any_of_their_conversations_and_are_not_stored()
    {
        var learner = Learner("files");
        var first = await WebChatLearner.OpenAsync(host, learner);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await UploadAsync(first, $"capture-{i}.png", 100)).StatusCode);
        }

        // A new conversation (another device) does not start the count again: the quota is the learner's.
        var second = await WebChatLearner.OpenAsync(host, learner);
        Assert.NotEqual(first.ConversationId, second.ConversationId);
        var refused = await UploadAsync(second, "une-de-trop.png", 100);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.FromHours(23), $"Retry-After {refused.Headers.RetryAfter} is not when the oldest upload leaves the day");
        Assert.Equal(3, await UploadCountAsync(learner));
        Assert.DoesNotContain("une-de-trop", await second.Http.GetStringAsync(new Uri($"/v3/directline/conversations/{second.ConversationId}/activities", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_learners_uploads_past_the_byte_quota_get_429_and_none_of_the_files_is_stored()
    {
        var learner = Learner("bytes");
        var chat = await WebChatLearner.OpenAsync(host, learner);
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(chat, "grande.png", 4000)).StatusCode);

        // Two files, the second past the 5000 bytes: neither is kept.
        var refused = await UploadAsync(chat, "petite.png", 500, ("trop.png", 1000));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");
        Assert.Equal(1, await UploadCountAsync(learner));
    }

    [Fact]
    public async Task Streams_past_the_limit_per_conversation_get_429_whichever_token_opens_them()
    {
        var chat = await WebChatLearner.OpenAsync(host, Learner("stream"));
        using var first = await OpenStreamAsync(chat, chat.Token);
        // A refreshed token is a new token for the same conversation: it does not open more streams.
        var refreshed = JsonDocument.Parse(await (await chat.Http.PostAsync(new Uri("/v3/directline/tokens/refresh", UriKind.Relative), null)).Content.ReadAsStringAsync())
            .RootElement.GetProperty("token").GetString()!;
        using var second = await OpenStreamAsync(chat, refreshed);

        var third = await Assert.ThrowsAnyAsync<Exception>(() => OpenStreamAsync(chat, refreshed));
        Assert.Contains("429", third.Message, StringComparison.Ordinal);

        // Closing one gives its place back.
        await first.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        using var again = await RetryAsync(() => OpenStreamAsync(chat, refreshed));
        Assert.Equal(WebSocketState.Open, again.State);
    }

    private async Task<WebSocket> OpenStreamAsync(WebChatLearner chat, string token)
    {
        var client = host.Server.CreateWebSocketClient();
        return await client.ConnectAsync(new Uri(host.Server.BaseAddress,
            $"/v3/directline/conversations/{chat.ConversationId}/stream?watermark=0&t={Uri.EscapeDataString(token)}"), CancellationToken.None);
    }

    private static async Task<WebSocket> RetryAsync(Func<Task<WebSocket>> open)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await open();
            }
            catch (InvalidOperationException) when (attempt < 50)
            {
                await Task.Delay(100); // the server notices the close frame on its own schedule
            }
        }
    }

    private static async Task<HttpResponseMessage> UploadAsync(WebChatLearner chat, string name, int bytes, params (string Name, int Bytes)[] more)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (fileName, size) in more.Prepend((name, bytes)))
        {
            var file = new ByteArrayContent(new byte[size]);
            file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
            form.Add(file, "file", fileName);
        }

        return await chat.Http.PostAsync(new Uri($"/v3/directline/conversations/{chat.ConversationId}/upload?userId={chat.UserId}", UriKind.Relative), form);
    }

    private async Task<long> UploadCountAsync(LearnerIdentity learner)
    {
        await using var c = await host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await using var command = new Npgsql.NpgsqlCommand("""
            SELECT count(*) FROM supportbot.directline_uploads u JOIN supportbot.directline_conversations c ON c.id = u.conversation_id
            WHERE c.user_id = @user
            """, c);
        command.Parameters.AddWithValue("user", "learner:" + learner.LearnerId);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private LearnerIdentity Learner(string name) => new($"{name}-{run}", name, $"{name}.{run}@example.test", "m1", "fr", "Europe/Paris");
}
