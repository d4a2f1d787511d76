using System.Net;
using Dapper;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Tutor;

public sealed class SignInTests(TutorSite site) : IClassFixture<TutorSite>
{
    [Fact]
    public async Task A_tutor_signs_in_with_the_emailed_link_which_then_refuses_a_replay()
    {
        var asked = DateTimeOffset.UtcNow;
        var browser = site.Browser();
        var request = await TutorSite.PostFormAsync(browser, "/tutor/sign-in", new() { ["Email"] = TutorSite.Samuel });
        Assert.Contains("Si cette adresse est celle d", await request.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var link = new Uri(await TutorSite.EmailedLinkAsync(TutorSite.Samuel, asked));
        var signedIn = await TutorSite.FollowLinkAsync(browser, link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(new Uri("/tutor/questions", UriKind.Relative))).StatusCode);

        var other = site.Browser();
        var reopened = await other.GetAsync(new Uri(link.PathAndQuery, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, reopened.StatusCode);
        Assert.Contains("déjà servi", await reopened.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var replay = await TutorSite.PostFormAsync(other, "/tutor/sign-in", new()
        {
            ["Token"] = Uri.UnescapeDataString(link.Query.Split("token=")[1]),
        }, "/tutor/sign-in/link");
        Assert.Equal(HttpStatusCode.Gone, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await other.GetAsync(new Uri("/tutor/questions", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task An_expired_link_is_refused_with_a_clear_page()
    {
        var token = await site.LinkForAsync(TutorSite.Claire);
        await using (var c = await site.Database.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE supportbot.tutor_sign_in_links SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL");
        }

        var browser = site.Browser();
        var opened = await browser.GetAsync(new Uri("/tutor/sign-in/link?token=" + token, UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, opened.StatusCode);
        Assert.Contains("a expiré", await opened.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var forced = await browser.PostAsync(new Uri("/tutor/sign-in/link", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = Uri.UnescapeDataString(token),
            ["__RequestVerificationToken"] = TutorSite.AntiforgeryToken(await browser.GetStringAsync(new Uri("/tutor/sign-in", UriKind.Relative))),
        }));
        Assert.Equal(HttpStatusCode.Gone, forced.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(new Uri("/tutor/questions", UriKind.Relative))).StatusCode);
    }

    [Fact]
    public async Task A_made_up_link_is_refused()
    {
        var response = await site.Browser().GetAsync(new Uri("/tutor/sign-in/link?token=made-up", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("pas valable", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stranger_gets_the_same_answer_and_no_mail()
    {
        var response = await TutorSite.PostFormAsync(site.Browser(), "/tutor/sign-in", new() { ["Email"] = "lea.dubois@example.test" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Si cette adresse est celle d", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var c = await site.Database.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM supportbot.tutor_sign_in_links l JOIN supportbot.people p ON p.id = l.person_id WHERE p.email = 'lea.dubois@example.test'
            """));
    }
}

/// <summary>A host of its own: the per-IP sign-in limit counts every request this class makes.</summary>
public sealed class SignInRateLimitTests : IAsyncLifetime
{
    private readonly FreshDatabase database = new();
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        host = new BotHost(database.ConnectionString, new Dictionary<string, string?> { ["Auth:SignInRequestLimit"] = "3" });
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Too_many_sign_in_requests_get_a_clear_message()
    {
        var browser = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage last = null!;
        for (var i = 0; i < 4; i++)
        {
            last = await TutorSite.PostFormAsync(browser, "/tutor/sign-in", new() { ["Email"] = $"someone{i}@example.test" });
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Contains("Trop de demandes", await last.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
