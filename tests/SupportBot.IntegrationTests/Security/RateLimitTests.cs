using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// Issue 17 item 8: the anonymous and learner-facing endpoints have limits (ASP.NET Core's rate
/// limiter): past them the caller gets 429 with Retry-After, and what was refused is not stored.
/// </summary>
public sealed class RateLimitTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString, new Dictionary<string, string?>
        {
            ["DirectLine:Limits:TokensPerMinute"] = "3",
            ["DirectLine:Limits:PostsPerMinute"] = "4",
        });
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", CancellationToken.None);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Token_requests_past_the_limit_get_429_with_retry_after()
    {
        var link = host.Services.GetRequiredService<LearnerLinks>().Create(Learner("tok"));
        using var http = host.CreateClient();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? refused = null;
        for (var i = 0; i < 5; i++)
        {
            var response = await http.PostAsJsonAsync(new Uri("/api/directline/token", UriKind.Relative), new { learner = link });
            statuses.Add(response.StatusCode);
            refused = response.StatusCode == HttpStatusCode.TooManyRequests ? response : refused;
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.True(refused!.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");
    }

    [Fact]
    public async Task Posts_past_the_limit_get_429_and_are_not_stored()
    {
        var learner = Learner("post");
        var chat = await WebChatLearner.OpenAsync(host, learner);
        for (var i = 0; i < 4; i++)
        {
            await chat.SaysAsync($"bonjour {i}");
        }

        var response = await chat.Http.PostAsJsonAsync(new Uri($"/v3/directline/conversations/{chat.ConversationId}/activities", UriKind.Relative),
            new { type = "message", text = "un de trop", from = new { id = chat.UserId } });

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, "Retry-After missing");
        var all = await chat.Http.GetStringAsync(new Uri($"/v3/directline/conversations/{chat.ConversationId}/activities", UriKind.Relative));
        Assert.DoesNotContain("un de trop", all, StringComparison.Ordinal);
    }

    private LearnerIdentity Learner(string name) => new($"{name}-{run}", name, $"{name}.{run}@example.test", "m1", "fr", "Europe/Paris");
}
