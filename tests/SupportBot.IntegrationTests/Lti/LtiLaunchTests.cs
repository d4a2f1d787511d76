using System.Net;
using System.Text.RegularExpressions;

namespace SupportBot.IntegrationTests.Lti;

/// <summary>
/// The launch's defences a browser test cannot reach easily, over HTTP against the real host and
/// the local Moodle-shaped platform: a token replayed with another login's state, a launch from
/// another browser, a platform SupportBot does not know.
/// </summary>
public sealed class LtiLaunchTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private LocalLtiPlatform platform = null!;
    private BotHost host = null!;

    public async Task InitializeAsync()
    {
        platform = await LocalLtiPlatform.StartAsync();
        host = BotHost.StartListening(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Lti:Platforms:0:Name"] = "moodle-local",
            ["Lti:Platforms:0:Issuer"] = platform.Issuer,
            ["Lti:Platforms:0:ClientId"] = LocalLtiPlatform.ClientId,
            ["Lti:Platforms:0:DeploymentIds:0"] = LocalLtiPlatform.DeploymentId,
            ["Lti:Platforms:0:AuthenticationRequestUrl"] = platform.AuthenticationRequestUrl,
            ["Lti:Platforms:0:KeySetUrl"] = platform.KeySetUrl,
            ["Lti:Platforms:0:Course"] = "licence-2026",
        });
        platform.Tool = host.Address;
        platform.AddCourse(new LtiCourse("17", "INF101", "Informatique 101"));
        platform.AddUser("lea", new LtiUser("5", "Léa", "Dubois", "lea.dubois@example.test", "Learner"));
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await platform.DisposeAsync();
    }

    [Fact]
    public async Task A_token_replayed_with_a_fresh_login_fails_on_its_nonce()
    {
        using var browser = Browser();
        var (token, _) = await PlatformAnswerAsync(browser, await LoginAsync(browser));
        var secondLogin = await LoginAsync(browser);
        var freshState = Regex.Match(secondLogin.Query, "state=([^&]+)").Groups[1].Value;

        var launch = await LaunchAsync(browser, token, Uri.UnescapeDataString(freshState));

        Assert.Equal(HttpStatusCode.Unauthorized, launch.StatusCode);
        Assert.Contains("data-refusal=\"NonceMismatch\"", await launch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_launch_posted_from_another_browser_is_refused()
    {
        using var browser = Browser();
        var (token, state) = await PlatformAnswerAsync(browser, await LoginAsync(browser));
        using var other = Browser();

        var launch = await LaunchAsync(other, token, state);

        Assert.Equal(HttpStatusCode.BadRequest, launch.StatusCode);
        Assert.Contains("data-refusal=\"OtherBrowser\"", await launch.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_login_from_an_unknown_platform_is_refused_without_a_redirect()
    {
        using var browser = Browser();

        var login = await browser.PostAsync(new Uri(host.Address!, "lti/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["iss"] = "https://moodle.elsewhere.example", ["login_hint"] = "lea", ["target_link_uri"] = new Uri(host.Address!, "lti/launch").AbsoluteUri,
        }));

        Assert.Equal(HttpStatusCode.Forbidden, login.StatusCode);
        Assert.Contains("Plateforme de cours inconnue", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_learner_launch_redirects_to_the_chat_once_and_the_same_post_again_is_refused()
    {
        using var browser = Browser();
        var (token, state) = await PlatformAnswerAsync(browser, await LoginAsync(browser));

        var first = await LaunchAsync(browser, token, state);
        var again = await LaunchAsync(browser, token, state);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.StartsWith("/?learner=", first.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
        Assert.Contains("data-refusal=\"AlreadyUsed\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static HttpClient Browser() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() });

    /// <summary>The platform's login initiation POST; returns where the tool redirects (the platform's auth endpoint).</summary>
    private async Task<Uri> LoginAsync(HttpClient browser)
    {
        var login = await browser.PostAsync(new Uri(host.Address!, "lti/login"), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["iss"] = platform.Issuer, ["login_hint"] = "lea", ["lti_message_hint"] = "17", ["client_id"] = LocalLtiPlatform.ClientId,
            ["target_link_uri"] = new Uri(host.Address!, "lti/launch").AbsoluteUri, ["lti_deployment_id"] = LocalLtiPlatform.DeploymentId,
        }));
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return login.Headers.Location!;
    }

    private static async Task<(string IdToken, string State)> PlatformAnswerAsync(HttpClient browser, Uri auth)
    {
        var form = await browser.GetStringAsync(auth);
        string Field(string name) => WebUtility.HtmlDecode(Regex.Match(form, $"name=\"{name}\" value=\"([^\"]+)\"").Groups[1].Value);
        return (Field("id_token"), Field("state"));
    }

    private Task<HttpResponseMessage> LaunchAsync(HttpClient browser, string idToken, string state) =>
        browser.PostAsync(new Uri(host.Address!, "lti/launch"), new FormUrlEncodedContent(new Dictionary<string, string> { ["id_token"] = idToken, ["state"] = state }));
}
