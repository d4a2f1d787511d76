using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Fixtures;

/// <summary>A learner in the web chat, speaking Direct Line 3.0 over HTTP like DirectLineJS does.</summary>
public sealed class WebChatLearner(HttpClient http, string conversationId, string token, string userId)
{
    private long watermark;

    public string ConversationId { get; } = conversationId;

    public string Token { get; } = token;

    public string UserId { get; } = userId;

    public static async Task<WebChatLearner> OpenAsync(BotHost host, LearnerIdentity learner)
    {
        var link = host.Services.GetRequiredService<LearnerLinks>().Create(learner);
        var http = host.CreateClient();
        var session = await PostJsonAsync(http, "/api/directline/token", new { learner = link });
        var token = session.GetProperty("token").GetString()!;
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var conversation = await PostJsonAsync(http, "/v3/directline/conversations", new { });
        return new WebChatLearner(http, conversation.GetProperty("conversationId").GetString()!, token, session.GetProperty("userId").GetString()!);
    }

    public HttpClient Http => http;

    public async Task<string> SaysAsync(string text, string locale = "fr-FR")
    {
        var posted = await PostJsonAsync(http, $"/v3/directline/conversations/{ConversationId}/activities",
            new { type = "message", text, locale, from = new { id = UserId } });
        return posted.GetProperty("id").GetString()!;
    }

    /// <summary>Bot messages that arrived since the last call, polling like Web Chat without WebSocket.</summary>
    public async Task<List<JsonElement>> BotMessagesAsync(int atLeast = 1, int timeoutMs = 5000)
    {
        var found = new List<JsonElement>();
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        do
        {
            var set = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/v3/directline/conversations/{ConversationId}/activities?watermark={watermark}", UriKind.Relative))).RootElement;
            watermark = long.Parse(set.GetProperty("watermark").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            found.AddRange(set.GetProperty("activities").EnumerateArray()
                .Where(a => a.GetProperty("from").GetProperty("id").GetString() != UserId && a.GetProperty("type").GetString() == "message")
                .Select(a => a.Clone()));
            if (found.Count >= atLeast)
            {
                break;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);
        return found;
    }

    private static async Task<JsonElement> PostJsonAsync(HttpClient http, string path, object body)
    {
        var response = await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{path} answered {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}

/// <summary>Loads the demo knowledge base into a test database, as seed-demo does.</summary>
public static class DemoKnowledgeBase
{
    public static async Task LoadAsync(IServiceProvider services)
    {
        var read = SupportBot.Shared.Faq.KnowledgeBaseFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "demo-kb.json"));
        await services.GetRequiredService<SupportBot.Shared.Faq.FaqStore>().UpsertManyAsync(read.File!.Entries, CancellationToken.None);
    }
}
