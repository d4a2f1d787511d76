using Dapper;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Outgoing;
using Microsoft.Extensions.DependencyInjection;

namespace SupportBot.IntegrationTests.Campaigns;

public sealed class CampaignDeliveryTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private static readonly DateOnly Sunday = new(2027, 3, 28);
    private static readonly DateTimeOffset AfterFivePmInParis = new(2027, 3, 28, 15, 1, 0, TimeSpan.Zero);

    [Fact]
    public async Task An_opted_out_learner_gets_nothing_and_a_bouncing_address_is_skipped()
    {
        await using var world = await CampaignWorld.StartAsync(db, AfterFivePmInParis);
        await world.LearnerAsync("Lea", "Europe/Paris");
        var optedOut = await world.LearnerAsync("Hugo", "Europe/Paris");
        await world.LearnerAsync("Ines", "Europe/Paris");
        await world.People.SetEmailOptOutAsync(optedOut, EmailCategories.Campaigns, true, CancellationToken.None);
        await world.Host.Services.GetRequiredService<EmailBounces>().RecordAsync(world.EmailOf("Ines"), permanent: true, CancellationToken.None);
        var campaign = await world.ScheduleAsync(LocalSchedule.Once(Sunday, new TimeOnly(17, 0)));

        await world.SendAsync(await world.DispatchAsync());

        var mail = await Smtp4dev.MessagesAsync(world.Tag);
        Assert.Equal(world.EmailOf("Lea"), Assert.Single(mail).To, ignoreCase: true);
        Assert.Equal(new CampaignProgress(0, 1, 0, 1, 1, 0), await world.Campaigns.ProgressAsync(campaign, CancellationToken.None));
    }

    [Fact]
    public async Task Running_a_batch_job_twice_sends_once_and_a_crashed_one_resumes_with_what_is_missing()
    {
        await using var world = await CampaignWorld.StartAsync(db, AfterFivePmInParis);
        for (var i = 0; i < 7; i++)
        {
            await world.LearnerAsync("Learner" + i, "Europe/Paris");
        }

        var campaign = await world.ScheduleAsync(LocalSchedule.Once(Sunday, new TimeOnly(17, 0)));
        var batches = await world.DispatchAsync();
        Assert.NotEmpty(batches);

        await world.SendAsync(batches);
        await world.SendAsync(batches);
        Assert.Equal(7, (await Smtp4dev.MessagesAsync(world.Tag)).Count);

        // A worker that died mid-batch: its claims look live, then run out; the retry finds every key sent.
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE supportbot.campaign_deliveries SET status = 'sending', claimed_until = @until WHERE campaign_id = @campaign",
                new { campaign, until = AfterFivePmInParis.AddMinutes(1).UtcDateTime });
        }

        world.Clock.Advance(TimeSpan.FromMinutes(2));
        await world.SendAsync(await world.DispatchAsync());
        Assert.Equal(7, (await Smtp4dev.MessagesAsync(world.Tag)).Count);
        Assert.Equal(new CampaignProgress(0, 7, 0, 0, 0, 0), await world.Campaigns.ProgressAsync(campaign, CancellationToken.None));
    }

    [Fact]
    public async Task Preview_uses_a_real_recipient_and_the_test_goes_to_the_tutor_only()
    {
        await using var world = await CampaignWorld.StartAsync(db, AfterFivePmInParis.AddDays(-2));
        var tom = await world.LearnerAsync("Tom", "Europe/London", "en");
        var campaign = await world.CreateAsync(LocalSchedule.Once(Sunday, new TimeOnly(17, 0)));

        var preview = await world.Previewer.PreviewAsync(campaign, tom, CancellationToken.None);
        Assert.Equal("en", preview.Language);
        Assert.Equal($"Keep going Tom {world.Tag}", preview.Mail.Subject);
        Assert.StartsWith("Hello Tom, you can do Statistiques!", preview.Mail.Text, StringComparison.Ordinal);

        await world.Previewer.SendTestAsync(campaign, CancellationToken.None);
        var mail = await Smtp4dev.MessagesAsync(world.Tag);
        Assert.Equal(2, mail.Count);
        Assert.All(mail, m => Assert.Equal($"claire.{world.Tag}@example.test", m.To, ignoreCase: true));
    }

    [Fact]
    public async Task A_paused_campaign_sends_nothing_until_resumed_and_a_cancelled_one_never()
    {
        await using var world = await CampaignWorld.StartAsync(db, AfterFivePmInParis);
        await world.LearnerAsync("Lea", "Europe/Paris");
        var paused = await world.ScheduleAsync(LocalSchedule.Once(Sunday, new TimeOnly(17, 0)));
        await world.Lifecycle.PauseAsync(paused, CancellationToken.None);

        await world.SendAsync(await world.DispatchAsync());
        Assert.Empty(await Smtp4dev.MessagesAsync(world.Tag));

        await world.Lifecycle.ScheduleAsync(paused, CancellationToken.None);
        await world.SendAsync(await world.DispatchAsync());
        Assert.Single(await Smtp4dev.MessagesAsync(world.Tag));

        var cancelled = await world.CreateAsync(LocalSchedule.Once(Sunday, new TimeOnly(18, 0)));
        await world.Lifecycle.ScheduleAsync(cancelled, CancellationToken.None);
        await world.Lifecycle.CancelAsync(cancelled, CancellationToken.None);
        world.Clock.Advance(TimeSpan.FromHours(2));
        await world.SendAsync(await world.DispatchAsync());
        Assert.Single(await Smtp4dev.MessagesAsync(world.Tag));
        Assert.Equal(CampaignStatus.Cancelled, (await world.Campaigns.FindAsync(cancelled, CancellationToken.None))!.Status);
    }
}
