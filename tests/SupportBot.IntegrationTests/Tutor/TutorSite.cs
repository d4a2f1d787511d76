using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Auth;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>The real host over a fresh database holding the demo people (Claire: admin, both modules; Samuel: m2-data only).</summary>
public partial class TutorSite : IAsyncLifetime
{
    public const string Claire = "claire.martin@example.test";
    public const string Samuel = "samuel.okoro@example.test";

    private readonly FreshDatabase database = new();

    public BotHost Host { get; private set; } = null!;

    public FreshDatabase Database => database;

    /// <summary>Host settings a derived site changes (e.g. a running Hangfire server).</summary>
    protected virtual IDictionary<string, string?>? Overrides => null;

    public async Task InitializeAsync()
    {
        await database.InitializeAsync();
        Host = new BotHost(database.ConnectionString, Overrides);
        await DemoPeopleFile.Load(Path.Combine(TestServices.RepositoryRoot, "demo", "people.json"))
            .SeedAsync(Host.Services.GetRequiredService<PeopleStore>(), CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await Host.DisposeAsync();
        await database.DisposeAsync();
    }

    /// <summary>A browser-like client: cookies kept, redirects not followed (tests read them).</summary>
    public HttpClient Browser() => Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    /// <summary>Signs in through a one-time link made directly (no mail), clicking "Sign in" like a tutor.</summary>
    public async Task<HttpClient> SignedInAsync(string email)
    {
        var browser = Browser();
        var response = await FollowLinkAsync(browser, "/tutor/sign-in/link?token=" + await LinkForAsync(email));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    /// <summary>A fresh one-time link token for this tutor, as the sign-in mail would carry.</summary>
    public async Task<string> LinkForAsync(string email)
    {
        var tutor = await Host.Services.GetRequiredService<TutorAccounts>().FindByEmailAsync(email, CancellationToken.None)
            ?? throw new InvalidOperationException(email + " is not a tutor");
        return Uri.EscapeDataString(await Host.Services.GetRequiredService<SignInLinks>().CreateAsync(tutor.Id, CancellationToken.None));
    }

    /// <summary>Opens the emailed link and clicks its button.</summary>
    public static async Task<HttpResponseMessage> FollowLinkAsync(HttpClient browser, string link) =>
        await PostFormAsync(browser, link, []);

    /// <summary>GETs the page for its antiforgery token, then posts the form with it, as a browser does.</summary>
    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string pageUrl, Dictionary<string, string> fields, string? postUrl = null)
    {
        var page = await browser.GetStringAsync(new Uri(pageUrl, UriKind.Relative));
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = AntiforgeryToken(page) };
        foreach (Match hidden in HiddenToken().Matches(page))
        {
            form.TryAdd(hidden.Groups[1].Value, WebUtility.HtmlDecode(hidden.Groups[2].Value));
        }

        return await browser.PostAsync(new Uri(postUrl ?? pageUrl, UriKind.Relative), new FormUrlEncodedContent(form));
    }

    public static string AntiforgeryToken(string html) =>
        Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"") is { Success: true } m
            ? m.Groups[1].Value
            : throw new InvalidOperationException("no antiforgery token in the page");

    /// <summary>The newest sign-in link smtp4dev received for this address.</summary>
    public static Task<string> EmailedLinkAsync(string email, DateTimeOffset after) => EmailedSignInLink.ReadAsync(email, after);

    [GeneratedRegex("<input type=\"hidden\" name=\"(Token)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenToken();
}
