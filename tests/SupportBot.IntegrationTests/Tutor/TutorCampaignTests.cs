using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Campaigns;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Campaigns;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>
/// The campaigns screen and its progress API over the demo people (m2-data: Léa, Aïcha, Nina, Hugo;
/// Samuel tutors m2-data only; Claire is admin). The test host runs no Hangfire server: the campaign
/// jobs are run directly, as the server would.
/// </summary>
public sealed class TutorCampaignTests(TutorSite site) : IClassFixture<TutorSite>
{
    [Fact]
    public async Task A_tutor_creates_previews_tests_and_schedules_a_campaign_and_its_progress_follows_the_deliveries()
    {
        var tag = Tag();
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var id = await CreateAsync(samuel, tag, "m2-data", schedule: "now");
        var detail = WebUtility.HtmlDecode(await samuel.GetStringAsync(new Uri($"/tutor/campaigns/{id}", UriKind.Relative)));
        // Samuel reads English; the preview is rendered for the audience's first learner, in both languages.
        var first = System.Text.RegularExpressions.Regex.Match(detail, @"As (\w+) [\w -]+ would get it\.").Groups[1].Value;
        Assert.Contains(first, new[] { "Léa", "Aïcha", "Nina", "Hugo" });
        Assert.Contains($"Bonjour {first}, courage pour Module 2 – Données et tableurs !", detail, StringComparison.Ordinal);
        Assert.Contains($"Hello {first}, keep going with Module 2 – Données et tableurs!", detail, StringComparison.Ordinal);
        Assert.Equal((0, 0, "draft"), await ProgressAsync(samuel, id));

        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(samuel, id, "Test")).StatusCode);
        var tests = await Smtp4dev.MessagesAsync(tag);
        Assert.Equal(2, tests.Count(m => m.To.Contains(TutorSite.Samuel, StringComparison.OrdinalIgnoreCase) && m.Subject.StartsWith("[test]", StringComparison.Ordinal)));

        Assert.Equal(HttpStatusCode.Redirect, (await ActAsync(samuel, id, "Schedule")).StatusCode);
        var batches = await site.Host.Services.GetRequiredService<CampaignsDispatchJob>().RunAsync(CancellationToken.None);
        Assert.Equal((4, 0, "scheduled"), await ProgressAsync(samuel, id));

        foreach (var batch in batches)
        {
            await site.Host.Services.GetRequiredService<SendCampaignBatchJob>().RunAsync(batch, CancellationToken.None);
        }

        // A one-off campaign whose only occurrence is delivered reads "done", not "scheduled" (#18).
        Assert.Equal((4, 100, "done"), await ProgressAsync(samuel, id));
        var json = await samuel.GetFromJsonAsync<JsonElement>(new Uri($"/api/tutor/campaigns/{id}/progress", UriKind.Relative));
        Assert.Equal((4, 0, 0), (json.GetProperty("delivered").GetInt32(), json.GetProperty("failed").GetInt32(), json.GetProperty("waiting").GetInt32()));
        Assert.Equal(4, (await Smtp4dev.MessagesAsync(tag)).Count(m => !m.Subject.StartsWith("[test]", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task While_the_mail_server_is_down_the_campaign_page_says_waiting_for_it_since_when_in_the_tutors_language_not_failed()
    {
        var tag = Tag();
        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var id = await CreateAsync(samuel, tag, "m2-data", schedule: "now");
        await ActAsync(samuel, id, "Schedule");
        var batches = await site.Host.Services.GetRequiredService<CampaignsDispatchJob>().RunAsync(CancellationToken.None);

        // The worker's mail server is gone (nothing listens on its port).
        await using (var mailServerDown = site.Host.WithWebHostBuilder(b => b.UseSetting("Smtp:Port", ClosedPort().ToString(System.Globalization.CultureInfo.InvariantCulture))))
        {
            foreach (var batch in batches)
            {
                await mailServerDown.Services.GetRequiredService<SendCampaignBatchJob>().RunAsync(batch, CancellationToken.None);
            }
        }

        var json = await samuel.GetFromJsonAsync<JsonElement>(new Uri($"/api/tutor/campaigns/{id}/progress", UriKind.Relative));
        Assert.Equal((0, 0, 4, "mail_server"), (json.GetProperty("delivered").GetInt32(), json.GetProperty("failed").GetInt32(),
            json.GetProperty("waiting").GetInt32(), json.GetProperty("waitingFor").GetString()));
        var english = WebUtility.HtmlDecode(await samuel.GetStringAsync(new Uri($"/tutor/campaigns/{id}", UriKind.Relative)));
        Assert.Matches(@"waiting for the mail server since \d\d:\d\d UTC", english);
        var french = WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri($"/tutor/campaigns/{id}", UriKind.Relative)));
        Assert.Matches(@"en attente du serveur de messagerie depuis \d\d:\d\d UTC", french);
        Assert.DoesNotContain(await Smtp4dev.MessagesAsync(tag), m => !m.Subject.StartsWith("[test]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_tutor_pauses_resumes_and_cancels_a_campaign()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var id = await CreateAsync(samuel, Tag(), "m2-data", schedule: "weekly");

        await ActAsync(samuel, id, "Schedule");
        Assert.Equal("scheduled", (await ProgressAsync(samuel, id)).Status);
        await ActAsync(samuel, id, "Pause");
        Assert.Equal("paused", (await ProgressAsync(samuel, id)).Status);
        await ActAsync(samuel, id, "Schedule");
        Assert.Equal("scheduled", (await ProgressAsync(samuel, id)).Status);
        await ActAsync(samuel, id, "Cancel");
        Assert.Equal("cancelled", (await ProgressAsync(samuel, id)).Status);

        // A cancelled campaign cannot be paused: the page says why and nothing changes.
        var refused = await ActAsync(samuel, id, "Pause", pageUrl: "/tutor/campaigns");
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("cannot be paused", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("cancelled", (await ProgressAsync(samuel, id)).Status);
    }

    [Fact]
    public async Task A_tutor_of_module_B_cannot_see_or_act_on_a_campaign_of_module_A()
    {
        var tag = Tag();
        var claire = await site.SignedInAsync(TutorSite.Claire);
        var other = await CreateAsync(claire, tag, "m1-platform", schedule: "now");
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        Assert.DoesNotContain(tag, await samuel.GetStringAsync(new Uri("/tutor/campaigns", UriKind.Relative)), StringComparison.Ordinal);
        Assert.DoesNotContain(other.ToString(), await samuel.GetStringAsync(new Uri("/api/tutor/campaigns", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await samuel.GetAsync(new Uri($"/tutor/campaigns/{other}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await samuel.GetAsync(new Uri($"/api/tutor/campaigns/{other}/progress", UriKind.Relative))).StatusCode);
        foreach (var action in new[] { "Schedule", "Cancel", "Test" })
        {
            // A valid token from Samuel's own page, posted to Claire's campaign.
            Assert.Equal(HttpStatusCode.NotFound, (await ActAsync(samuel, other, action, pageUrl: "/tutor/campaigns")).StatusCode);
        }

        Assert.Equal("draft", await StatusInDatabaseAsync(other));
        Assert.Contains(tag, await claire.GetStringAsync(new Uri("/tutor/campaigns", UriKind.Relative)), StringComparison.Ordinal);

        // Nor can he create one for module A.
        var created = await TutorSite.PostFormAsync(samuel, "/tutor/campaigns/new", Fields(tag + "-b", "m1-platform", "now"));
        Assert.Equal(HttpStatusCode.OK, created.StatusCode);
        Assert.Equal(0, await CountByNameAsync(tag + "-b"));
    }

    [Fact]
    public async Task A_campaign_form_without_its_antiforgery_token_is_refused()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var id = await CreateAsync(samuel, Tag(), "m2-data", schedule: "now");

        var schedule = await samuel.PostAsync(new Uri($"/tutor/campaigns/{id}?handler=Schedule", UriKind.Relative), new FormUrlEncodedContent([]));
        var create = await samuel.PostAsync(new Uri("/tutor/campaigns/new", UriKind.Relative), new FormUrlEncodedContent(Fields("no-token", "m2-data", "now")));

        Assert.Equal(HttpStatusCode.BadRequest, schedule.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, create.StatusCode);
        Assert.Equal("draft", await StatusInDatabaseAsync(id));
        Assert.Equal(0, await CountByNameAsync("no-token"));
    }

    [Fact]
    public async Task A_stranger_gets_neither_the_campaign_pages_nor_the_progress()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        var id = await CreateAsync(samuel, Tag(), "m2-data", schedule: "now");
        var stranger = site.Browser();

        Assert.Equal(HttpStatusCode.Redirect, (await stranger.GetAsync(new Uri($"/tutor/campaigns/{id}", UriKind.Relative))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync(new Uri($"/api/tutor/campaigns/{id}/progress", UriKind.Relative))).StatusCode);
        var post = await stranger.PostAsync(new Uri($"/tutor/campaigns/{id}?handler=Schedule", UriKind.Relative), new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Contains("/tutor/sign-in", post.Headers.Location!.ToString(), StringComparison.Ordinal);
        Assert.Equal("draft", await StatusInDatabaseAsync(id));
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Tag() => "camp" + Guid.NewGuid().ToString("N")[..8];

    private static Dictionary<string, string> Fields(string name, string module, string schedule) => new()
    {
        ["Form.Name"] = name,
        ["Form.ModuleId"] = module,
        ["Form.Audience"] = "module",
        ["Form.SubjectFr"] = "Courage {{ first_name }} " + name,
        ["Form.BodyFr"] = "Bonjour {{ first_name }}, courage pour {{ module }} !",
        ["Form.SubjectEn"] = "Keep going {{ first_name }} " + name,
        ["Form.BodyEn"] = "Hello {{ first_name }}, keep going with {{ module }}!",
        ["Form.Channel"] = "email",
        ["Form.Schedule"] = schedule,
        ["Form.Date"] = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["Form.Day"] = "Monday",
        ["Form.Time"] = "18:00",
    };

    private static async Task<Guid> CreateAsync(HttpClient tutor, string name, string module, string schedule)
    {
        var response = await TutorSite.PostFormAsync(tutor, "/tutor/campaigns/new", Fields(name, module, schedule));
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return Guid.Parse(response.Headers.Location!.ToString().Split('/')[^1]);
    }

    /// <summary>Clicks a button of the campaign page (its form and token taken from <paramref name="pageUrl"/>, the campaign's page by default).</summary>
    private static Task<HttpResponseMessage> ActAsync(HttpClient tutor, Guid id, string handler, string? pageUrl = null) =>
        TutorSite.PostFormAsync(tutor, pageUrl ?? $"/tutor/campaigns/{id}", [], $"/tutor/campaigns/{id}?handler={handler}");

    private static async Task<(int Total, int Percent, string Status)> ProgressAsync(HttpClient tutor, Guid id)
    {
        var json = await tutor.GetFromJsonAsync<JsonElement>(new Uri($"/api/tutor/campaigns/{id}/progress", UriKind.Relative));
        return (json.GetProperty("total").GetInt32(), json.GetProperty("percent").GetInt32(), json.GetProperty("status").GetString()!);
    }

    private async Task<string> StatusInDatabaseAsync(Guid id)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<string>("SELECT status FROM supportbot.campaigns WHERE id = @id", new { id }) ?? "";
    }

    private async Task<int> CountByNameAsync(string name)
    {
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>("SELECT count(*) FROM supportbot.campaigns WHERE name = @name", new { name });
    }
}
