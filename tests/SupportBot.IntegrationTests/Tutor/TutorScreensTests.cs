using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Cli.Demo;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>Every screen renders over the demo activity, for an admin and for a one-module tutor.</summary>
public sealed class TutorScreensTests(TutorSite site) : IAsyncLifetime, IClassFixture<TutorSite>
{
    public async Task InitializeAsync()
    {
        await DemoKnowledgeBase.LoadAsync(site.Host.Services);
        await DemoActivityFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "activity.json"))
            .SeedAsync(site.Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>(), DateTime.UtcNow, CancellationToken.None);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Theory]
    [InlineData(TutorSite.Claire)]
    [InlineData(TutorSite.Samuel)]
    public async Task Every_screen_and_question_opens(string tutor)
    {
        var browser = await site.SignedInAsync(tutor);
        foreach (var path in new[] { "/tutor/questions?list=all", "/tutor/volunteers", "/tutor/knowledge", "/tutor/knowledge/password-reset", "/tutor/network", "/tutor/silences", "/tutor/insights", "/tutor/learners", "/api/tutor/network", "/api/tutor/silences", "/api/tutor/insights" })
        {
            var response = await browser.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        var list = await browser.GetStringAsync(new Uri("/tutor/questions?list=all", UriKind.Relative));
        foreach (System.Text.RegularExpressions.Match link in System.Text.RegularExpressions.Regex.Matches(list, "href=\"(/tutor/questions/[0-9a-f-]{36})\""))
        {
            var response = await browser.GetAsync(new Uri(link.Groups[1].Value, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{link.Groups[1].Value}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
