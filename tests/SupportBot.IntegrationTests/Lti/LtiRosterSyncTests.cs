using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Cli;
using SupportBot.IntegrationTests.Roster;
using SupportBot.Jobs.Roster;

namespace SupportBot.IntegrationTests.Lti;

/// <summary>
/// The roster sync through LTI Names and Role Provisioning 2.0 against the local Moodle-shaped
/// platform: a teacher launches SupportBot from a course (the launch grants the service), then the
/// admin runs `supportbot roster sync` or the nightly job runs; the platform checks the tool's
/// signed client assertion against its keyset URL before it lists the course's members.
/// </summary>
public sealed class LtiRosterSyncTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private const string Platform = "moodle-local";
    private static readonly string ToolKey = RSA.Create(2048).ExportPkcs8PrivateKeyPem();
    private LocalLtiPlatform platform = null!;
    private BotHost host = null!;
    private Dictionary<string, string?> settings = null!;

    public async Task InitializeAsync()
    {
        platform = await LocalLtiPlatform.StartAsync();
        platform.GrantsNamesAndRoles = true;
        settings = new Dictionary<string, string?>
        {
            ["Lti:Platforms:0:Name"] = Platform,
            ["Lti:Platforms:0:Issuer"] = platform.Issuer,
            ["Lti:Platforms:0:ClientId"] = LocalLtiPlatform.ClientId,
            ["Lti:Platforms:0:DeploymentIds:0"] = LocalLtiPlatform.DeploymentId,
            ["Lti:Platforms:0:AuthenticationRequestUrl"] = platform.AuthenticationRequestUrl,
            ["Lti:Platforms:0:KeySetUrl"] = platform.KeySetUrl,
            ["Lti:Platforms:0:AccessTokenUrl"] = platform.AccessTokenUrl,
            ["Lti:Platforms:0:Course"] = "licence-2026",
            ["Lti:ToolPrivateKey"] = ToolKey,
        };
        host = BotHost.StartListening(db.ConnectionString, settings);
        platform.Tool = host.Address;
        platform.AddUser("claire", new LtiUser("2", "Claire", "Martin", "claire.martin@example.test", "Instructor"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task A_sync_adds_updates_and_unenrols_and_keeps_who_left()
    {
        var module = await LaunchedCourseAsync();
        platform.SetMembers(CourseOf(module),
            Member("2", "Claire", "Martin", "Instructor"), Member("51", "Léa", "Dubois", "Learner"),
            Member("52", "Tom", "Wilson", "Learner"), Member("53", "Marc", "Jean-Baptiste", "Learner"), Member("54", "Inès", "Roux", "TeachingAssistant"));
        var first = await SyncAsync("--module", module);
        Assert.Equal(0, first.Code);
        Assert.Contains("4 people created", first.Output, StringComparison.Ordinal);
        Assert.Equal(["Léa Dubois", "Marc Jean-Baptiste", "Tom Wilson"], await LearnersAsync(module));
        Assert.Equal(["Claire Martin", "Inès Roux"], await TutorsAsync(module));

        // Tom changed his name, Marc's enrolment was suspended, Léa left, Noé joined, Inès no longer assists.
        platform.SetMembers(CourseOf(module),
            Member("2", "Claire", "Martin", "Instructor"), Member("52", "Tom", "Wilson-Hoarau", "Learner"),
            Member("53", "Marc", "Jean-Baptiste", "Learner") with { Status = "Inactive" }, Member("55", "Noé", "Payet", "Learner"));
        var second = await SyncAsync("--module", module);

        Assert.Equal(0, second.Code);
        Assert.Contains("~ person Tom Wilson-Hoarau (lti:moodle-local:52): name Tom Wilson → Tom Wilson-Hoarau", second.Output, StringComparison.Ordinal);
        Assert.Contains($"- unenrol Léa Dubois (lti:moodle-local:51) from {module}", second.Output, StringComparison.Ordinal);
        Assert.Equal(["Noé Payet", "Tom Wilson-Hoarau"], await LearnersAsync(module));
        Assert.Equal(["Claire Martin"], await TutorsAsync(module));
        Assert.Equal(2, await ScalarAsync("SELECT count(*) FROM supportbot.people WHERE external_id IN ('lti:moodle-local:51', 'lti:moodle-local:53') AND erased_at IS NULL"));
        var context = await ContextAsync(module);
        Assert.True(context.Succeeded);
        Assert.StartsWith("4 members: 1 people created, 1 updated", context.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_identical_sync_changes_nothing()
    {
        var module = await LaunchedCourseAsync();
        platform.SetMembers(CourseOf(module), Member("2", "Claire", "Martin", "Instructor"), Member("61", "Aïcha", "Payet", "Learner"), Member("62", "Lucas", "Hoarau", "Learner"));
        Assert.Equal(0, (await SyncAsync("--module", module)).Code);
        var versions = await RosterRowVersions.ReadAsync(db.DataSource, module);

        var again = await SyncAsync("--module", module);

        Assert.Equal(0, again.Code);
        Assert.Contains("3 members: No change.", again.Output, StringComparison.Ordinal);
        Assert.Equal(versions, await RosterRowVersions.ReadAsync(db.DataSource, module));
    }

    [Fact]
    public async Task The_nightly_job_follows_the_platforms_pages()
    {
        var module = await LaunchedCourseAsync();
        platform.PageSize = 2;
        var learners = Enumerable.Range(71, 5).Select(i => Member(i.ToString(System.Globalization.CultureInfo.InvariantCulture), "Apprenant", $"N{i}", "Learner")).ToArray();
        platform.SetMembers(CourseOf(module), [Member("2", "Claire", "Martin", "Instructor"), .. learners]);
        var pagesBefore = platform.PagesServed;

        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RosterSyncJob>().RunAllAsync(CancellationToken.None);
        }

        Assert.True(platform.PagesServed - pagesBefore >= 3, $"{platform.PagesServed - pagesBefore} pages read");
        Assert.Equal(learners.Select(l => $"Apprenant {l.FamilyName}").Order(StringComparer.Ordinal), await LearnersAsync(module));
        Assert.StartsWith("6 members: ", (await ContextAsync(module)).Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_refused_by_the_platform_changes_nothing_and_says_why()
    {
        var module = await LaunchedCourseAsync();
        platform.SetMembers(CourseOf(module), Member("2", "Claire", "Martin", "Instructor"), Member("81", "Léon", "Grondin", "Learner"));
        Assert.Equal(0, (await SyncAsync("--module", module)).Code);
        platform.SetMembers(CourseOf(module), Member("2", "Claire", "Martin", "Instructor"));
        var versions = await RosterRowVersions.ReadAsync(db.DataSource, module);
        platform.TokenRefusal = 401;

        var refused = await SyncAsync("--module", module);

        Assert.Equal(1, refused.Code);
        Assert.Contains("not synced, nothing changed: the platform's token endpoint refused SupportBot (HTTP 401, invalid_client", refused.Error, StringComparison.Ordinal);
        Assert.Equal(versions, await RosterRowVersions.ReadAsync(db.DataSource, module));
        Assert.Equal(["Léon Grondin"], await LearnersAsync(module));
        var context = await ContextAsync(module);
        Assert.False(context.Succeeded);
        Assert.Contains("HTTP 401", context.Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_platform_changes_nothing_and_says_why()
    {
        var module = await LaunchedCourseAsync();
        platform.SetMembers(CourseOf(module), Member("2", "Claire", "Martin", "Instructor"), Member("91", "Maëlle", "Técher", "Learner"));
        Assert.Equal(0, (await SyncAsync("--module", module)).Code);
        var versions = await RosterRowVersions.ReadAsync(db.DataSource, module);
        var closed = ClosedPortUrl();

        var down = await SyncAsync(new Dictionary<string, string?> { ["Lti:Platforms:0:AccessTokenUrl"] = closed }, "--module", module);

        Assert.Equal(1, down.Code);
        Assert.Contains($"not synced, nothing changed: the platform's token endpoint {closed} is unreachable", down.Error, StringComparison.Ordinal);
        Assert.Equal(versions, await RosterRowVersions.ReadAsync(db.DataSource, module));
        Assert.Contains("unreachable", (await ContextAsync(module)).Outcome, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_course_whose_launches_do_not_grant_the_service_is_not_synced_and_the_reason_is_given()
    {
        platform.GrantsNamesAndRoles = false;
        var module = await LaunchedCourseAsync();
        platform.GrantsNamesAndRoles = true;

        var result = await SyncAsync("--module", module);

        Assert.Equal(1, result.Code);
        Assert.Contains("did not grant Names and Role Provisioning", result.Error, StringComparison.Ordinal);
    }

    // Claire (id 2) is the teacher who launched: the platform lists her under the address her launch gave.
    private static LtiMember Member(string id, string given, string family, string role) =>
        new(id, given, family, id == "2" ? "claire.martin@example.test" : $"{Accents(given)}.{Accents(family)}.{id}@example.test".ToLowerInvariant(), [role]);

    private static string Accents(string s) => new([.. s.Normalize(System.Text.NormalizationForm.FormD).Where(char.IsAsciiLetterOrDigit)]);

    private static string CourseOf(string module) => module[3..];

    /// <summary>A new platform course (id N, short name LTIN), launched once by its teacher so SupportBot knows it.</summary>
    private async Task<string> LaunchedCourseAsync()
    {
        var id = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var module = "LTI" + id;
        platform.AddCourse(new LtiCourse(id, module, "Cours " + id));
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });
        var login = await browser.PostAsync(new Uri(host.Address!, "lti/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["iss"] = platform.Issuer, ["login_hint"] = "claire", ["lti_message_hint"] = id, ["client_id"] = LocalLtiPlatform.ClientId,
            ["target_link_uri"] = new Uri(host.Address!, "lti/launch").AbsoluteUri,
        }));
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, $"login: {login.StatusCode} {await login.Content.ReadAsStringAsync()}");
        var form = await browser.GetStringAsync(login.Headers.Location!);
        string Field(string name) => WebUtility.HtmlDecode(Regex.Match(form, $"name=\"{name}\" value=\"([^\"]+)\"").Groups[1].Value);
        var launch = await browser.PostAsync(new Uri(host.Address!, "lti/launch"),
            new FormUrlEncodedContent(new Dictionary<string, string> { ["id_token"] = Field("id_token"), ["state"] = Field("state") }));
        Assert.Equal(HttpStatusCode.Redirect, launch.StatusCode);
        return module;
    }

    private Task<(int Code, string Output, string Error)> SyncAsync(params string[] args) => SyncAsync(new Dictionary<string, string?>(), args);

    /// <summary>`supportbot roster sync` with the host's settings, some of them replaced.</summary>
    private async Task<(int Code, string Output, string Error)> SyncAsync(Dictionary<string, string?> overrides, params string[] args)
    {
        var all = new Dictionary<string, string?>(TestServices.HostSettings(db.ConnectionString));
        foreach (var (key, value) in settings.Concat(overrides))
        {
            all[key] = value;
        }

        string[] command = ["roster", "sync", .. args, .. all.SelectMany(kv => new[] { "--set", $"{kv.Key}={kv.Value}" })];
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliProgram.CreateRoot().Parse(command).InvokeAsync(new() { Output = output, Error = error });
        return (code, output.ToString(), error.ToString());
    }

    private static string ClosedPortUrl()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"http://127.0.0.1:{port}/mod/lti/token.php";
    }

    private async Task<(bool? Succeeded, string Outcome)> ContextAsync(string module)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.QuerySingleAsync<(bool?, string)>(
            "SELECT sync_succeeded, coalesce(sync_outcome, '') FROM supportbot.lti_contexts WHERE platform = @Platform AND module_id = @module", new { Platform, module });
    }

    private async Task<List<string>> LearnersAsync(string module)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return (await c.QueryAsync<string>("""
            SELECT p.display_name FROM supportbot.enrolments e JOIN supportbot.people p ON p.id = e.person_id WHERE e.module_id = @module ORDER BY p.display_name COLLATE "C"
            """, new { module })).ToList();
    }

    private async Task<List<string>> TutorsAsync(string module)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return (await c.QueryAsync<string>("""
            SELECT p.display_name FROM supportbot.module_tutors t JOIN supportbot.people p ON p.id = t.person_id WHERE t.module_id = @module ORDER BY p.display_name COLLATE "C"
            """, new { module })).ToList();
    }

    private async Task<int> ScalarAsync(string sql)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>(sql);
    }
}
