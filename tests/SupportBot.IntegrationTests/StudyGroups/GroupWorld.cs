using Dapper;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.People;
using SupportBot.Shared.StudyGroups;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.IntegrationTests.StudyGroups;

/// <summary>One opted-in learner of the world: their id, identity, and web chat when they have one.</summary>
internal sealed record GroupLearner(Guid Id, LearnerIdentity Identity, WebChatLearner? Chat)
{
    public string FirstName => Identity.DisplayName.Split(' ')[0];

    public string Email => Identity.Email;
}

/// <summary>
/// A module with opted-in learners around the world, the real bot host (chat on the real clock) and
/// the same host on a fake clock for rounds and reminders. Notices are sent in-process, as the CLI
/// does, so a test sees the messages the Hangfire jobs would send.
/// </summary>
internal sealed class GroupWorld : IAsyncDisposable
{
    private readonly FreshDatabase db;

    private GroupWorld(FreshDatabase db, FakeTimeProvider clock, BotHost root, WebApplicationFactory<Program> host)
    {
        this.db = db;
        Clock = clock;
        Root = root;
        Host = host;
    }

    public string Tag { get; } = Guid.NewGuid().ToString("N")[..10];

    public string ModuleId => "algo-" + Tag;

    public string ModuleTitle => "Algorithmique " + Tag;

    public FakeTimeProvider Clock { get; }

    public BotHost Root { get; }

    public WebApplicationFactory<Program> Host { get; }

    public StudyGroupRounds Rounds => Host.Services.GetRequiredService<StudyGroupRounds>();

    public StudyGroupMembership Membership => Host.Services.GetRequiredService<StudyGroupMembership>();

    public GroupReminders Reminders => Host.Services.GetRequiredService<GroupReminders>();

    public static async Task<GroupWorld> StartAsync(FreshDatabase db, DateTimeOffset now)
    {
        var clock = new FakeTimeProvider(now);
        var root = new BotHost(db.ConnectionString, null, b => b.ConfigureTestServices(s => s.AddSingleton<IGroupNotices, InlineGroupNotices>()));
        var host = root.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        var world = new GroupWorld(db, clock, root, host);
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("course-" + world.Tag, "Licence", CancellationToken.None);
        await people.UpsertModuleAsync(world.ModuleId, "course-" + world.Tag, world.ModuleTitle, null, CancellationToken.None);
        return world;
    }

    /// <param name="slots">(day, "HH:mm", "HH:mm") in the learner's own zone.</param>
    public async Task<GroupLearner> LearnerAsync(string name, string zone, bool chat, params (DayOfWeek Day, string From, string To)[] slots)
    {
        var identity = new LearnerIdentity($"{name}-{Tag}", $"{name} Test{Tag}", $"{name.ToLowerInvariant()}.{Tag}@example.test", ModuleId, "fr-FR", zone);
        var id = await Host.Services.GetRequiredService<PeopleStore>().UpsertLearnerAsync(identity, CancellationToken.None);
        var json = WeeklySlotJson.Serialize(slots.Select(s => new WeeklySlot(s.Day, Minute(s.From), Minute(s.To))));
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                INSERT INTO supportbot.study_availability (person_id, slots, source_text) VALUES (@id, @json::jsonb, 'test');
                INSERT INTO supportbot.study_group_optins (person_id, module_id, group_size, language) VALUES (@id, @ModuleId, 3, 'fr');
                """, new { id, json, ModuleId });
        }

        WebChatLearner? session = null;
        if (chat)
        {
            session = await WebChatLearner.OpenAsync(Root, identity);
            await session.SaysAsync("bonjour");
            await session.BotMessagesAsync();
        }

        return new GroupLearner(id, identity, session);
    }

    /// <summary>Paris, Nouméa and Martinique learners whose Saturdays overlap by 3 h in winter (2 h in Paris summer time).</summary>
    public async Task<GroupLearner[]> ThreeZonesAsync(bool chat) =>
    [
        await LearnerAsync("Anna", "Europe/Paris", chat, (DayOfWeek.Saturday, "11:00", "14:00")),
        await LearnerAsync("Bruno", "Pacific/Noumea", chat, (DayOfWeek.Saturday, "19:00", "24:00")),
        await LearnerAsync("Chloe", "America/Martinique", chat, (DayOfWeek.Saturday, "04:00", "12:00")),
    ];

    public async Task<string> GroupStatusAsync(Guid groupId)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<string>("SELECT status FROM supportbot.study_groups WHERE id = @groupId", new { groupId }) ?? "";
    }

    public async Task<int> WithdrawnOptInsAsync(Guid personId)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>("SELECT count(*)::int FROM supportbot.study_group_optins WHERE person_id = @personId AND withdrawn_at IS NOT NULL", new { personId });
    }

    public async Task<int> SendLogCountAsync(string prefix)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.ExecuteScalarAsync<int>("SELECT count(*)::int FROM supportbot.send_log WHERE key LIKE @p AND status = 'sent'", new { p = prefix + "%" });
    }

    private static int Minute(string hhmm) => int.Parse(hhmm[..2], System.Globalization.CultureInfo.InvariantCulture) * 60 + int.Parse(hhmm[3..], System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await Root.DisposeAsync();
    }
}
