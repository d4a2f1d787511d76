using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Auth;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.IntegrationTests.Tutor;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// Issue 17 item 11: asking for a sign-in link answers the same page at once for a tutor and a
/// stranger (the mail goes out in the background), even while the mail server hangs.
/// </summary>
public sealed class SignInTimingTests : IAsyncLifetime
{
    private readonly FreshDatabase database = new();
    private readonly TcpListener silentMailServer = new(IPAddress.Loopback, 0);
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        // Accepts connections (the kernel's backlog) and never greets: a hung SMTP server.
        silentMailServer.Start();
        host = new BotHost(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Smtp:Port"] = ((IPEndPoint)silentMailServer.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        await DemoPeopleFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "people.json"))
            .SeedAsync(host.Services.GetRequiredService<PeopleStore>(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        silentMailServer.Stop();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task A_tutor_and_a_stranger_get_the_same_page_at_once_while_the_mail_server_hangs()
    {
        var browser = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        await TutorSite.PostFormAsync(browser, "/tutor/sign-in", new() { ["Email"] = "warm-up@example.test" });

        var (tutorStatus, tutorPage, tutorTime) = await AskAsync(browser, TutorSite.Claire);
        var (strangerStatus, strangerPage, strangerTime) = await AskAsync(browser, "lea.dubois@example.test");

        Assert.Equal(HttpStatusCode.OK, tutorStatus);
        Assert.Equal(strangerStatus, tutorStatus);
        Assert.Equal(Notice(strangerPage, "lea.dubois@example.test"), Notice(tutorPage, TutorSite.Claire));
        // The SMTP client waits 30 s for a greeting: a request that waited for the mail would take that long.
        Assert.True(tutorTime < TimeSpan.FromSeconds(5), $"the tutor's request took {tutorTime}");
        Assert.True(strangerTime < TimeSpan.FromSeconds(5), $"the stranger's request took {strangerTime}");
    }

    private static async Task<(HttpStatusCode, string, TimeSpan)> AskAsync(HttpClient browser, string email)
    {
        var page = await browser.GetStringAsync(new Uri("/tutor/sign-in", UriKind.Relative));
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email, ["__RequestVerificationToken"] = TutorSite.AntiforgeryToken(page),
        });
        var clock = Stopwatch.StartNew();
        var response = await browser.PostAsync(new Uri("/tutor/sign-in", UriKind.Relative), form);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body, clock.Elapsed);
    }

    /// <summary>The page without its per-request antiforgery token and the address typed (echoed in the field).</summary>
    private static string Notice(string page, string email) =>
        System.Text.RegularExpressions.Regex.Replace(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"[^\"]+\"", "")
            .Replace(email, "(address)", StringComparison.Ordinal);
}

/// <summary>
/// Issue 17 item 11: someone asking for links for a tutor's address over and over gets the same page
/// each time; only Auth:SignInMailsPerAddress mails go out, and the tutor signs in with one of them.
/// </summary>
public sealed class SignInFloodTests : IAsyncLifetime
{
    private const string LinkBase = "http://sign-in-flood.test/";
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private readonly FreshDatabase database = new();

    private string TutorEmail => $"nadia.{run}@example.test";
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        host = new BotHost(database.ConnectionString, new Dictionary<string, string?>
        {
            ["Auth:SignInRequestLimit"] = "50",
            ["Auth:SignInMailsPerAddress"] = "2",
            ["OutgoingMail:PublicBaseUrl"] = LinkBase,
        });
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", CancellationToken.None);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, CancellationToken.None);
        var id = await people.UpsertPersonAsync(new PersonRecord("tutor-" + run, "Nadia Flood", TutorEmail, "fr", "Europe/Paris", false), CancellationToken.None);
        await people.AddTutorAsync(id, "m1", CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await database.DisposeAsync();
    }

    [Fact]
    public async Task Flooding_a_tutors_address_sends_a_few_mails_and_cannot_lock_the_tutor_out()
    {
        var asked = DateTimeOffset.UtcNow;
        var attacker = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var response = await TutorSite.PostFormAsync(attacker, "/tutor/sign-in", new() { ["Email"] = TutorEmail });
            answers.Add(response.StatusCode);
            Assert.Contains("Si cette adresse est celle d", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        var link = new Uri(await EmailedSignInLink.ReadAsync(TutorEmail, asked, LinkBase));
        await Task.Delay(TimeSpan.FromSeconds(2)); // the queue has had time to send all it would
        Assert.Equal(2, await LinksOfAsync(TutorEmail));

        var tutor = host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        var signedIn = await TutorSite.FollowLinkAsync(tutor, link.PathAndQuery);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await tutor.GetAsync(new Uri("/tutor/questions", UriKind.Relative))).StatusCode);
    }

    private async Task<int> LinksOfAsync(string email)
    {
        await using var c = await database.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM supportbot.tutor_sign_in_links l JOIN supportbot.people p ON p.id = l.person_id WHERE p.email = @email
            """, new { email });
    }
}

/// <summary>Issue 17 item 11: OpenID Connect sign-in is bound to the account (tenant + object id), not to the email claim.</summary>
public sealed class TutorOidcBindingTests(TutorSite site) : IClassFixture<TutorSite>
{
    [Fact]
    public async Task Another_tenants_account_claiming_a_tutors_email_is_refused_and_the_bound_account_keeps_working()
    {
        var identities = site.Host.Services.GetRequiredService<TutorOidcIdentities>();

        var first = await identities.ResolveAsync("tenant-school", "oid-claire", TutorSite.Claire, CancellationToken.None);
        var impostor = await identities.ResolveAsync("tenant-elsewhere", "oid-mallory", TutorSite.Claire, CancellationToken.None);
        var renamed = await identities.ResolveAsync("tenant-school", "oid-claire", "claire.m@school.example", CancellationToken.None);

        Assert.Equal(TutorSite.Claire, first?.Email);
        Assert.Null(impostor);
        Assert.Equal(first!.Id, renamed?.Id);
    }

    [Fact]
    public async Task An_account_that_is_no_tutors_is_refused()
    {
        var identities = site.Host.Services.GetRequiredService<TutorOidcIdentities>();

        Assert.Null(await identities.ResolveAsync("tenant-school", "oid-lea", "lea.dubois@example.test", CancellationToken.None));
    }
}
