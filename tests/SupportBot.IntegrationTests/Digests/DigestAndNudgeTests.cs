using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Campaigns;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Digests;
using SupportBot.Jobs.Nudges;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Digests;

public sealed class DigestAndNudgeTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task A_volunteer_gets_open_questions_of_their_topics_at_eight_local_once_and_an_empty_digest_is_not_sent()
    {
        // 04:10 UTC is 08:10 in Réunion and 05:10 in Paris.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await using var world = await CampaignWorld.StartAsync(db, new DateTimeOffset(today.ToDateTime(new TimeOnly(4, 10)), TimeSpan.Zero));
        var asker = await world.LearnerAsync("Asker", "Europe/Paris");
        var nadia = await world.LearnerAsync("Nadia", "Indian/Reunion");
        var lea = await world.LearnerAsync("Lea", "Europe/Paris");
        var idle = await world.LearnerAsync("Idle", "Indian/Reunion");
        var topic = "stats-" + world.Tag;
        await world.People.UpsertVolunteerAsync(nadia, new VolunteerPreferences([topic], 3, null, null), "chat", CancellationToken.None);
        await world.People.UpsertVolunteerAsync(lea, new VolunteerPreferences([topic], 3, null, null), "chat", CancellationToken.None);
        await world.People.UpsertVolunteerAsync(idle, new VolunteerPreferences(["other-" + world.Tag], 3, null, null), "chat", CancellationToken.None);
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status)
                VALUES (@asker, @module, @topic, 'fr', @text, 'routed')
                """, new { asker, module = world.ModuleId, topic, text = "Comment lire une p-value ? " + world.Tag });
        }

        var job = world.Host.Services.GetRequiredService<VolunteerDigestJob>();
        Assert.Equal(1, await job.RunAsync(CancellationToken.None));
        Assert.Equal(0, await job.RunAsync(CancellationToken.None));

        var mail = await Smtp4dev.MessagesAsync("question(s)");
        Assert.Single(mail, m => m.To.Contains(world.EmailOf("Nadia"), StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(mail, m => m.To.Contains(world.EmailOf("Lea"), StringComparison.OrdinalIgnoreCase) || m.To.Contains(world.EmailOf("Idle"), StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_tutor_gets_the_weekly_digest_of_a_module_with_activity_and_none_for_a_quiet_module()
    {
        await using var world = await CampaignWorld.StartAsync(db, DateTimeOffset.UtcNow);
        var asker = await world.LearnerAsync("Asker", "Europe/Paris");
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status, created_at)
                VALUES (@asker, @module, 'stats', 'fr', 'Une question', 'routed', now() - interval '1 day')
                """, new { asker, module = world.ModuleId });
        }

        var sent = await world.Host.Services.GetRequiredService<TutorDigestJob>().RunAsync(CancellationToken.None);

        Assert.True(sent >= 1);
        var mail = await Smtp4dev.MessagesAsync("Statistiques");
        Assert.Single(mail, m => m.To.Contains($"claire.{world.Tag}@example.test", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_silent_learner_is_nudged_once_and_never_when_opted_out_or_active()
    {
        // Twenty days after everyone enrolled (enrolment time is the database's real now()).
        await using var world = await CampaignWorld.StartAsync(db, DateTimeOffset.UtcNow.AddDays(20));
        var silent = await world.LearnerAsync("Silent", "America/Martinique");
        var optedOut = await world.LearnerAsync("Optout", "Europe/Paris");
        var active = await world.LearnerAsync("Active", "Europe/Paris");
        await world.People.SetEmailOptOutAsync(optedOut, EmailCategories.Nudges, true, CancellationToken.None);
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                INSERT INTO supportbot.conversation_references (channel_id, service_url, conversation_id, bot_id, user_id, person_id, last_seen_at)
                VALUES ('directline', 'http://localhost', @conversation, 'bot', @user, @active, @seen)
                """, new { conversation = "c-" + world.Tag, user = "u-" + world.Tag, active, seen = DateTime.UtcNow.AddDays(19) });
        }

        var job = world.Host.Services.GetRequiredService<SendNudgesJob>();
        await job.RunAsync(CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromDays(1));
        await job.RunAsync(CancellationToken.None);

        var mail = await Smtp4dev.MessagesAsync("Silent");
        Assert.Single(mail, m => m.To.Contains(world.EmailOf("Silent"), StringComparison.OrdinalIgnoreCase));
        Assert.Empty(await Smtp4dev.MessagesAsync("Optout"));
        Assert.Empty(await Smtp4dev.MessagesAsync("Active"));
        _ = silent;
    }
}
