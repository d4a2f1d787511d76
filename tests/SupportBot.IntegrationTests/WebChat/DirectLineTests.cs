using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Bot.DirectLine;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.WebChat;

public sealed class DirectLineTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private static readonly LearnerIdentity Lea = new("learner-lea", "Léa Dubois", "lea.dubois@example.test", null, "fr", "Europe/Paris");
    private static readonly LearnerIdentity Tom = new("learner-tom", "Tom Wilson", "tom.wilson@example.test", null, "en", "Europe/London");
    private BotHost host = null!;

    public Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Learner_says_hello_and_gets_an_answer_in_french()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);

        await lea.SaysAsync("Bonjour !");
        var replies = await lea.BotMessagesAsync();

        Assert.Contains("Quelle est votre question", Assert.Single(replies).GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Activities_survive_a_restart_of_the_bot()
    {
        var tom = await WebChatLearner.OpenAsync(host, Tom);
        await tom.SaysAsync("hello", "en-US");
        Assert.Single(await tom.BotMessagesAsync());

        await using var restarted = new BotHost(db.ConnectionString);
        using var http = restarted.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tom.Token);
        var set = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v3/directline/conversations/{tom.ConversationId}/activities", UriKind.Relative))).RootElement;

        var texts = set.GetProperty("activities").EnumerateArray().Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Equal(["hello", "Hello! What's your question?"], texts);
        Assert.Equal("2", set.GetProperty("watermark").GetString());
    }

    [Fact]
    public async Task A_token_never_reads_another_conversation()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        var tom = await WebChatLearner.OpenAsync(host, Tom);

        var response = await lea.Http.GetAsync(new Uri($"/v3/directline/conversations/{tom.ConversationId}/activities", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("another conversation", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forged_or_missing_tokens_are_refused()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        using var http = host.CreateClient();
        var path = new Uri($"/v3/directline/conversations/{lea.ConversationId}/activities", UriKind.Relative);

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(path)).StatusCode);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", lea.Token[..^4] + "AAAA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task An_expired_token_is_told_403_TokenExpired_as_Direct_Line_does()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        var anHourAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var expired = new DirectLineTokens(Options.Create(new DirectLineOptions { TokenSigningKey = TestServices.DirectLineKey }), anHourAgo)
            .Issue(lea.ConversationId, lea.UserId);
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", expired);

        var response = await http.GetAsync(new Uri($"/v3/directline/conversations/{lea.ConversationId}/activities", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("TokenExpired", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_session_older_than_the_refresh_ceiling_cannot_refresh_nor_reconnect_its_way_to_a_new_token()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        // A token still valid whose session began 25 hours ago: what refreshing for ever would have given.
        var now = DateTime.UtcNow;
        var old = new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(
            new Microsoft.IdentityModel.Tokens.SecurityTokenDescriptor
            {
                Issuer = "supportbot-directline",
                Audience = "supportbot-directline",
                Claims = new Dictionary<string, object>
                {
                    ["sub"] = lea.UserId, ["conv"] = lea.ConversationId, ["sess"] = new DateTimeOffset(now.AddHours(-25)).ToUnixTimeSeconds(),
                },
                IssuedAt = now, NotBefore = now, Expires = now.AddMinutes(20),
                SigningCredentials = new Microsoft.IdentityModel.Tokens.SigningCredentials(
                    new Microsoft.IdentityModel.Tokens.SymmetricSecurityKey(Encoding.UTF8.GetBytes(TestServices.DirectLineKey)), "HS256"),
            });
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", old);

        var refresh = await http.PostAsync(new Uri("/v3/directline/tokens/refresh", UriKind.Relative), null);
        var reconnect = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v3/directline/conversations/{lea.ConversationId}", UriKind.Relative))).RootElement;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", reconnect.GetProperty("token").GetString());
        var withReconnectToken = await http.GetAsync(new Uri($"/v3/directline/conversations/{lea.ConversationId}/activities", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, refresh.StatusCode);
        Assert.Equal("TokenExpired", JsonDocument.Parse(await refresh.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, withReconnectToken.StatusCode);
    }

    [Fact]
    public async Task Malformed_activities_get_a_precise_error_and_the_conversation_goes_on()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        var path = new Uri($"/v3/directline/conversations/{lea.ConversationId}/activities", UriKind.Relative);

        var notJson = await lea.Http.PostAsync(path, new StringContent("{ this is not json", Encoding.UTF8, "application/json"));
        var noType = await lea.Http.PostAsJsonAsync(path, new { text = "hi" });
        var huge = await lea.Http.PostAsJsonAsync(path, new { type = "message", text = new string('x', 300_000) });

        Assert.Equal(HttpStatusCode.BadRequest, notJson.StatusCode);
        Assert.Contains("not valid JSON", await notJson.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, noType.StatusCode);
        Assert.Contains("needs a \"type\"", JsonDocument.Parse(await noType.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        await lea.SaysAsync("merci");
        Assert.Contains("Avec plaisir", Assert.Single(await lea.BotMessagesAsync()).GetProperty("text").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_message_gets_a_400_and_is_not_stored_and_an_emoji_only_message_asks_for_words_instead_of_peers()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        var path = new Uri($"/v3/directline/conversations/{lea.ConversationId}/activities", UriKind.Relative);

        var blank = await lea.Http.PostAsJsonAsync(path, new { type = "message", text = "   ", from = new { id = lea.UserId } });
        var noText = await lea.Http.PostAsJsonAsync(path, new { type = "message", from = new { id = lea.UserId } });

        Assert.Equal(HttpStatusCode.BadRequest, blank.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noText.StatusCode);
        var error = JsonDocument.Parse(await blank.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        Assert.Equal("BadArgument", error.GetProperty("code").GetString());
        Assert.Contains("empty", error.GetProperty("message").GetString(), StringComparison.Ordinal);

        await lea.SaysAsync("👍😭!!");
        var reply = Assert.Single(await lea.BotMessagesAsync());
        Assert.Contains("Écrivez votre question en quelques mots", reply.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(reply.TryGetProperty("suggestedActions", out var actions) && actions.ValueKind == JsonValueKind.Object,
            "an emoji-only message was offered to peers");

        var stored = JsonDocument.Parse(await lea.Http.GetStringAsync(path)).RootElement.GetProperty("activities").EnumerateArray()
            .Where(a => a.GetProperty("from").GetProperty("id").GetString() == lea.UserId).Select(a => a.GetProperty("text").GetString()).ToList();
        Assert.Equal(["👍😭!!"], stored);
    }

    [Fact]
    public async Task The_websocket_stream_pushes_the_bots_answer()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        var reconnect = JsonDocument.Parse(await lea.Http.GetStringAsync(new Uri($"/v3/directline/conversations/{lea.ConversationId}?watermark=0", UriKind.Relative))).RootElement;
        var streamUrl = new Uri(reconnect.GetProperty("streamUrl").GetString()!);
        var client = host.Server.CreateWebSocketClient();
        using var socket = await client.ConnectAsync(streamUrl, CancellationToken.None);

        await lea.SaysAsync("qui es-tu ?");
        var texts = new List<string?>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (!texts.Any(t => t?.Contains("SupportBot", StringComparison.Ordinal) == true))
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.Count == 0)
            {
                continue; // keep-alive
            }

            var set = JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement;
            texts.AddRange(set.GetProperty("activities").EnumerateArray().Select(a => a.TryGetProperty("text", out var t) ? t.GetString() : null));
        }

        Assert.Equal("qui es-tu ?", texts[0]);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
    }

    [Fact]
    public async Task Streams_on_another_instance_see_what_this_instance_stored_in_watermark_order()
    {
        // Two bot instances on one database: the learners post to this host, their streams are served by the other.
        await using var other = new BotHost(db.ConnectionString);
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        var tom = await WebChatLearner.OpenAsync(host, Tom);
        using var leaStream = await OpenStreamAsync(other, lea);
        using var tomStream = await OpenStreamAsync(other, tom);

        // Both at once: one coalesced NOTIFY may carry both conversations.
        await Task.WhenAll(lea.SaysAsync("qui es-tu ?"), tom.SaysAsync("who are you?", "en-US"));
        var leaSeen = await ReadUntilAsync(leaStream, "SupportBot");
        var tomSeen = await ReadUntilAsync(tomStream, "SupportBot");

        Assert.Equal("qui es-tu ?", leaSeen[0].Text);
        Assert.Equal("who are you?", tomSeen[0].Text);
        Assert.Equal(Enumerable.Range(1, leaSeen.Count).Select(i => $"{lea.ConversationId}|{i:D7}"), leaSeen.Select(a => a.Id));
        Assert.Equal(Enumerable.Range(1, tomSeen.Count).Select(i => $"{tom.ConversationId}|{i:D7}"), tomSeen.Select(a => a.Id));
    }

    [Fact]
    public async Task A_local_stream_gets_the_activities_as_stored_with_ids_and_watermarks()
    {
        var lea = await WebChatLearner.OpenAsync(host, Lea);
        using var stream = await OpenStreamAsync(host, lea);

        await lea.SaysAsync("qui es-tu ?");
        var seen = await ReadUntilAsync(stream, "SupportBot");
        await lea.SaysAsync("merci");
        seen.AddRange(await ReadUntilAsync(stream, "plaisir"));

        // What the stream pushed from memory is what a poll reads from the database.
        using var http = host.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", lea.Token);
        var stored = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v3/directline/conversations/{lea.ConversationId}/activities", UriKind.Relative)))
            .RootElement.GetProperty("activities").EnumerateArray()
            .Select(a => (Id: a.GetProperty("id").GetString(), Text: a.TryGetProperty("text", out var t) ? t.GetString() : null))
            .ToList();
        Assert.Equal(stored, seen.Select(a => (a.Id, a.Text)).ToList());
        Assert.Equal(4, stored.Count);
    }

    private static async Task<WebSocket> OpenStreamAsync(BotHost server, WebChatLearner learner)
    {
        using var http = server.CreateClient();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", learner.Token);
        var reconnect = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v3/directline/conversations/{learner.ConversationId}?watermark=0", UriKind.Relative))).RootElement;
        return await server.Server.CreateWebSocketClient().ConnectAsync(new Uri(reconnect.GetProperty("streamUrl").GetString()!), CancellationToken.None);
    }

    /// <summary>Activities pushed on the stream (id, text) until one whose text contains <paramref name="marker"/>.</summary>
    private static async Task<List<(string? Id, string? Text)>> ReadUntilAsync(WebSocket socket, string marker)
    {
        var seen = new List<(string? Id, string? Text)>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        while (!seen.Any(a => a.Text?.Contains(marker, StringComparison.Ordinal) == true))
        {
            var result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.Count == 0)
            {
                continue; // keep-alive
            }

            var set = JsonDocument.Parse(buffer.AsMemory(0, result.Count)).RootElement;
            seen.AddRange(set.GetProperty("activities").EnumerateArray()
                .Select(a => (a.GetProperty("id").GetString(), a.TryGetProperty("text", out var t) ? t.GetString() : null)));
        }

        return seen;
    }

    [Fact]
    public async Task A_tampered_learner_link_gets_a_clear_page_not_a_chat()
    {
        using var http = host.CreateClient();
        var link = host.Services.GetService(typeof(LearnerLinks)) is LearnerLinks links ? links.Create(Lea) : throw new InvalidOperationException();
        var tampered = link[..^3] + (link[^3] == 'A' ? "BBB" : "AAA");

        var page = await http.GetAsync(new Uri("/?learner=" + tampered, UriKind.Relative));
        var token = await http.PostAsJsonAsync(new Uri("/api/directline/token", UriKind.Relative), new { learner = tampered });
        var good = await http.GetStringAsync(new Uri("/?learner=" + link, UriKind.Relative));

        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);
        Assert.Contains("n'est pas valide", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()), StringComparison.Ordinal);
        Assert.DoesNotContain("webchat.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, token.StatusCode);
        Assert.Contains("/lib/botframework-webchat/webchat.js", good, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_account_with_the_same_email_gets_a_clear_conflict_not_a_crash()
    {
        await WebChatLearner.OpenAsync(host, Lea);
        var twin = Lea with { LearnerId = "learner-lea-duplicate" };
        using var http = host.CreateClient();
        var link = ((LearnerLinks)host.Services.GetService(typeof(LearnerLinks))!).Create(twin);

        var response = await http.PostAsJsonAsync(new Uri("/api/directline/token", UriKind.Relative), new { learner = link });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("already uses this email", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
