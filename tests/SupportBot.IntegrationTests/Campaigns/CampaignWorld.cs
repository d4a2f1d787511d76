using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Campaigns;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Campaigns;

/// <summary>
/// A course, a tutor and learners around the world, the real bot host on a fake clock, and the
/// campaign jobs run directly (as the Hangfire server would) whenever the test moves time on.
/// </summary>
internal sealed class CampaignWorld : IAsyncDisposable
{
    private readonly List<WebApplicationFactory<Program>> retired = [];

    private CampaignWorld(FakeTimeProvider clock, WebApplicationFactory<Program> host, BotHost root)
    {
        Clock = clock;
        Host = host;
        Root = root;
    }

    /// <summary>Makes subjects and addresses unique in the shared smtp4dev.</summary>
    public string Tag { get; } = Guid.NewGuid().ToString("N")[..10];

    public string ModuleId => "stats-" + Tag;

    public FakeTimeProvider Clock { get; }

    public WebApplicationFactory<Program> Host { get; private set; }

    /// <summary>The same host on the real clock, for a learner in the web chat.</summary>
    public BotHost Root { get; }

    public CampaignStore Campaigns => Host.Services.GetRequiredService<CampaignStore>();

    public CampaignLifecycle Lifecycle => Host.Services.GetRequiredService<CampaignLifecycle>();

    public CampaignPreviewer Previewer => Host.Services.GetRequiredService<CampaignPreviewer>();

    public PeopleStore People => Host.Services.GetRequiredService<PeopleStore>();

    public Guid TutorId { get; private set; }

    public static async Task<CampaignWorld> StartAsync(FreshDatabase db, DateTimeOffset now, IDictionary<string, string?>? settings = null)
    {
        var clock = new FakeTimeProvider(now);
        var all = TestServices.CampaignSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var root = new BotHost(db.ConnectionString, all);
        var host = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var world = new CampaignWorld(clock, host, root);
        await world.People.UpsertCourseAsync("course-" + world.Tag, "Licence", CancellationToken.None);
        await world.People.UpsertModuleAsync(world.ModuleId, "course-" + world.Tag, "Statistiques", new DateOnly(2027, 6, 12), CancellationToken.None);
        world.TutorId = await world.People.UpsertPersonAsync(new PersonRecord("tutor-" + world.Tag, "Claire Martin", $"claire.{world.Tag}@example.test", "fr", "Europe/Paris", false), CancellationToken.None);
        await world.People.AddTutorAsync(world.TutorId, world.ModuleId, CancellationToken.None);
        return world;
    }

    /// <summary>
    /// From now on the jobs run in a host with these settings on top (the same database and clock):
    /// how a test takes the mail server away (a closed port) and brings it back.
    /// </summary>
    public void Reconfigure(IDictionary<string, string?> settings)
    {
        retired.Add(Host);
        Host = Root.WithWebHostBuilder(b =>
        {
            b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(Clock));
            foreach (var (key, value) in settings)
            {
                b.UseSetting(key, value);
            }
        });
    }

    public string EmailOf(string name) => $"{name.ToLowerInvariant()}.{Tag}@example.test";

    public async Task<Guid> LearnerAsync(string name, string zone, string locale = "fr")
    {
        var id = await People.UpsertPersonAsync(new PersonRecord($"{name}-{Tag}", name + " Test", EmailOf(name), locale, zone, false), CancellationToken.None);
        await People.EnrolAsync(id, ModuleId, "2027-A", CancellationToken.None);
        return id;
    }

    public Task<Guid> CreateAsync(LocalSchedule schedule, CampaignChannel channel = CampaignChannel.EmailOnly) =>
        Lifecycle.CreateAsync(new NewCampaign(
            "Encouragement " + Tag, ModuleId, TutorId, new AudienceFilter(AudienceKind.Module, ModuleId),
            new CampaignMessage($"Courage {{{{ first_name }}}} {Tag}", "Bonjour {{ first_name }}, on croit en vous pour {{ module }} !",
                $"Keep going {{{{ first_name }}}} {Tag}", "Hello {{ first_name }}, you can do {{ module }}!"),
            channel, schedule), CancellationToken.None);

    public async Task<Guid> ScheduleAsync(LocalSchedule schedule, CampaignChannel channel = CampaignChannel.EmailOnly)
    {
        var id = await CreateAsync(schedule, channel);
        await Lifecycle.ScheduleAsync(id, CancellationToken.None);
        return id;
    }

    /// <summary>One run of the recurring dispatcher; returns the batches it enqueued.</summary>
    public Task<IReadOnlyList<CampaignBatch>> DispatchAsync() =>
        Host.Services.GetRequiredService<CampaignsDispatchJob>().RunAsync(CancellationToken.None);

    public async Task SendAsync(IEnumerable<CampaignBatch> batches)
    {
        foreach (var batch in batches)
        {
            await Host.Services.GetRequiredService<SendCampaignBatchJob>().RunAsync(batch, CancellationToken.None);
        }
    }

    /// <summary>Moves the clock on step by step until <paramref name="end"/>, dispatching and sending at each step like the minute job.</summary>
    public async Task RunUntilAsync(DateTimeOffset end, TimeSpan step)
    {
        while (Clock.GetUtcNow() < end)
        {
            Clock.Advance(step);
            await SendAsync(await DispatchAsync());
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var old in retired)
        {
            await old.DisposeAsync();
        }

        await Host.DisposeAsync();
        await Root.DisposeAsync();
    }
}

/// <summary>Reads what smtp4dev received, through its web API.</summary>
internal static class Smtp4dev
{
    private static readonly HttpClient Http = new() { BaseAddress = TestServices.Smtp4devUrl };

    /// <summary>Messages in the Default mailbox whose subject contains <paramref name="text"/>: (recipient, subject).</summary>
    public static async Task<List<(string To, string Subject)>> MessagesAsync(string text)
    {
        var found = new List<(string, string)>();
        for (var page = 1; ; page++)
        {
            var root = await Http.GetFromJsonAsync<JsonElement>(new Uri(
                $"/api/messages?mailboxName=Default&searchTerms={Uri.EscapeDataString(text)}&page={page}&pageSize=500", UriKind.Relative));
            var items = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("results");
            foreach (var m in items.EnumerateArray())
            {
                var subject = m.GetProperty("subject").GetString() ?? "";
                if (!subject.Contains(text, StringComparison.Ordinal))
                {
                    continue;
                }

                var to = m.GetProperty("to");
                found.Add((to.ValueKind == JsonValueKind.Array ? string.Join(",", to.EnumerateArray().Select(t => t.GetString())) : to.GetString() ?? "", subject));
            }

            if (root.ValueKind == JsonValueKind.Array || items.GetArrayLength() == 0 || page >= root.GetProperty("pageCount").GetInt32())
            {
                return found;
            }
        }
    }
}
