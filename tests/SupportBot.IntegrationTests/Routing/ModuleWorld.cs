using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MimeKit;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Routing;

/// <summary>
/// The demo course (two modules, Hugo in both, Nina in Module 2, Tom a Module 1 volunteer, Aïcha a
/// volunteer of both, Inès an alumna of both, Claire tutor of both, Samuel of Module 2) on a host
/// whose Hangfire server sends the mail to smtp4dev, with a clock the test sets. Addresses get a
/// suffix of this run (smtp4dev is shared by the test processes).
/// </summary>
public sealed class ModuleWorld : IAsyncDisposable
{
    private ModuleWorld(BotHost host, FakeTimeProvider clock, string run, DemoPeopleFile people)
    {
        Host = host;
        Clock = clock;
        Run = run;
        People = people;
    }

    public BotHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public string Run { get; }

    public DemoPeopleFile People { get; }

    public static async Task<ModuleWorld> StartAsync(string connectionString, IDictionary<string, string?>? settings = null, bool listening = false)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var clock = new FakeTimeProvider(Today(10, 0));
        var all = new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "true",
            ["Jobs:QueuePollInterval"] = "00:00:00.200",
            // The product's waking hours (test hosts default to all day): this world sets its own clock.
            ["Routing:AwakeFrom"] = "08:00",
            ["Routing:AwakeUntil"] = "21:00",
        };
        foreach (var (k, v) in settings ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }

        void Configure(Microsoft.AspNetCore.Hosting.IWebHostBuilder b) => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock));
        var host = listening ? BotHost.StartListening(connectionString, all, Configure) : new BotHost(connectionString, all, Configure);
        var demo = Path.Combine(TestServices.RepositoryRoot, "demo");
        var file = DemoPeopleFile.Load(Path.Combine(demo, "people.json"));
        file = file with { People = [.. file.People.Select(p => p with { Email = p.Email.Replace("@", $".{run}@", StringComparison.Ordinal) })] };
        await file.SeedAsync(host.Services.GetRequiredService<PeopleStore>(), CancellationToken.None);
        await DemoKnowledgeBase.LoadAsync(host.Services);
        return new ModuleWorld(host, clock, run, file);
    }

    /// <summary>Today at this UTC time (the demo volunteers live in Paris, London and Réunion).</summary>
    public static DateTimeOffset Today(int hour, int minute) =>
        new(DateTime.UtcNow.Date.AddHours(hour).AddMinutes(minute), TimeSpan.Zero);

    public DemoPerson Person(string id) => People.People.Single(p => p.Id == id);

    public string Email(string id) => Person(id).Email;

    public LearnerIdentity Learner(string id, string? course = null)
    {
        var p = Person(id);
        return new LearnerIdentity(p.Id, p.Name, p.Email, course, p.Locale, p.TimeZone);
    }

    public Task<WebChatLearner> OpenChatAsync(string id, string? course = null) => WebChatLearner.OpenAsync(Host, Learner(id, course));

    /// <summary>A browser signed in on the tutor pages as this demo tutor (through a one-time link, like the sign-in mail's).</summary>
    public async Task<HttpClient> TutorBrowserAsync(string id)
    {
        var tutor = await Host.Services.GetRequiredService<SupportBot.Bot.Auth.TutorAccounts>().FindByEmailAsync(Email(id), CancellationToken.None)
            ?? throw new InvalidOperationException(id + " is not a tutor");
        var token = await Host.Services.GetRequiredService<SupportBot.Bot.Auth.SignInLinks>().CreateAsync(tutor.Id, CancellationToken.None);
        var browser = Host.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var response = await Tutor.TutorSite.FollowLinkAsync(browser, "/tutor/sign-in/link?token=" + Uri.EscapeDataString(token));
        return response.StatusCode == System.Net.HttpStatusCode.Redirect ? browser : throw new InvalidOperationException("sign-in failed: " + response.StatusCode);
    }

    /// <summary>A tutor page as the tutor reads it (entities decoded).</summary>
    public static async Task<string> PageAsync(HttpClient browser, string path) =>
        System.Net.WebUtility.HtmlDecode(await browser.GetStringAsync(new Uri(path, UriKind.Relative)));

    /// <summary>Forgets the questions of earlier tests, so volunteers' open-question counts start at zero.</summary>
    public async Task ForgetQuestionsAsync()
    {
        await using var c = await Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        await c.ExecuteAsync("DELETE FROM supportbot.questions");
    }

    /// <summary>External ids of the people the learner's latest question went to, in this round.</summary>
    public async Task<List<string>> RecipientsOfLatestAsync(string askerId)
    {
        await using var c = await Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        return [.. await c.QueryAsync<string>("""
            SELECT p.external_id FROM supportbot.question_recipients r
            JOIN supportbot.people p ON p.id = r.person_id
            JOIN supportbot.questions q ON q.id = r.question_id AND r.round = q.reopened_count
            WHERE q.id = (SELECT q2.id FROM supportbot.questions q2 JOIN supportbot.people a ON a.id = q2.asker_id
                          WHERE a.external_id = @askerId ORDER BY q2.created_at DESC LIMIT 1)
            ORDER BY 1
            """, new { askerId })];
    }

    public async Task<(string? Module, string? Source)> ModuleOfLatestAsync(string askerId)
    {
        await using var c = await Host.Services.GetRequiredService<Npgsql.NpgsqlDataSource>().OpenConnectionAsync();
        return await c.QuerySingleAsync<(string?, string?)>("""
            SELECT q.module_id, q.module_source FROM supportbot.questions q JOIN supportbot.people a ON a.id = q.asker_id
            WHERE a.external_id = @askerId ORDER BY q.created_at DESC LIMIT 1
            """, new { askerId });
    }

    /// <summary>Mail smtp4dev received for this person whose text contains <paramref name="text"/>, waiting up to 10 s for one (none expected: 1 s).</summary>
    public async Task<List<MimeMessage>> MailAboutAsync(string personId, string text, bool expectSome = true)
    {
        // A question email is sent by a Hangfire job after the turn; under a loaded CI run (every suite in parallel) that
        // took over 10 s once, so the wait for an expected mail allows 30 s; it only waits that long when the mail is missing.
        var deadline = DateTime.UtcNow.AddSeconds(expectSome ? 30 : 1);
        while (true)
        {
            var found = (await Smtp4devMailbox.ToAsync(Email(personId), atLeast: 0))
                .Where(m => m.TextBody?.Contains(text, StringComparison.Ordinal) == true).ToList();
            if ((found.Count > 0 && expectSome) || DateTime.UtcNow > deadline)
            {
                return found;
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A volunteer's reply to a question email, as a mail client writes it (threaded on the question).</summary>
    public static MimeMessage Reply(MimeMessage question, string name, string email, string text)
    {
        var reply = new MimeMessage { Subject = "Re: " + question.Subject, MessageId = $"reply-{Guid.NewGuid():N}@mail.example.org" };
        reply.From.Add(new MailboxAddress(name, email));
        reply.To.Add(new MailboxAddress("SupportBot", question.ReplyTo.Mailboxes.Single().Address));
        reply.InReplyTo = question.MessageId;
        reply.References.Add(question.MessageId!);
        reply.Body = new TextPart("plain") { Text = text };
        return reply;
    }

    public static string Text(JsonElement activity) => activity.GetProperty("text").GetString() ?? "";

    public static List<string> Buttons(JsonElement activity) =>
        [.. activity.GetProperty("suggestedActions").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("title").GetString()!)];

    public async ValueTask DisposeAsync() => await Host.DisposeAsync();
}
