using Dapper;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Campaigns;

namespace SupportBot.IntegrationTests.Campaigns;

/// <summary>"Sunday 17:00" means 17:00 where each learner lives, including on the days the clocks change.</summary>
public sealed class CampaignTimeZoneTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    [Theory]
    [InlineData("2027-03-28", "2027-03-28T15:00:00Z")]  // Paris springs forward that morning: 17:00 is CEST (UTC+2)
    [InlineData("2027-10-31", "2027-10-31T16:00:00Z")]  // Paris falls back that morning: 17:00 is CET (UTC+1)
    public async Task A_campaign_arrives_at_five_pm_local_for_each_learner_across_the_daylight_saving_change(string day, string parisUtc)
    {
        var date = DateOnly.Parse(day, System.Globalization.CultureInfo.InvariantCulture);
        var midnight = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        await using var world = await CampaignWorld.StartAsync(db, midnight.AddHours(-12));
        var expected = new Dictionary<Guid, DateTimeOffset>
        {
            [await world.LearnerAsync("Lea", "Europe/Paris")] = DateTimeOffset.Parse(parisUtc, System.Globalization.CultureInfo.InvariantCulture),
            [await world.LearnerAsync("Marc", "America/Martinique")] = midnight.AddHours(21),
            [await world.LearnerAsync("Nadia", "Indian/Reunion")] = midnight.AddHours(13),
            [await world.LearnerAsync("Kanak", "Pacific/Noumea", "en")] = midnight.AddHours(6),
        };
        var campaign = await world.ScheduleAsync(LocalSchedule.Once(date, new TimeOnly(17, 0)));

        await world.RunUntilAsync(midnight.AddHours(23), TimeSpan.FromMinutes(5));

        await using var c = await db.DataSource.OpenConnectionAsync();
        var sent = (await c.QueryAsync<(Guid PersonId, DateTime SentAt)>(
            "SELECT person_id, sent_at FROM supportbot.campaign_deliveries WHERE campaign_id = @campaign AND status = 'sent'", new { campaign }))
            .ToDictionary(r => r.PersonId, r => new DateTimeOffset(r.SentAt, TimeSpan.Zero));
        Assert.Equal(expected.Keys.Order(), sent.Keys.Order());
        foreach (var (person, due) in expected)
        {
            // Sent by the first dispatcher run at or after 17:00 local (the test's minute job runs every 5 minutes).
            Assert.InRange(sent[person], due, due.AddMinutes(5));
        }

        var mail = await Smtp4dev.MessagesAsync(world.Tag);
        Assert.Equal(4, mail.Count);
        Assert.Contains(mail, m => m.To.Contains(world.EmailOf("Lea"), StringComparison.OrdinalIgnoreCase) && m.Subject == $"Courage Lea {world.Tag}");
        Assert.Contains(mail, m => m.To.Contains(world.EmailOf("Kanak"), StringComparison.OrdinalIgnoreCase) && m.Subject == $"Keep going Kanak {world.Tag}");
        Assert.Equal(new CampaignProgress(0, 4, 0, 0, 0, 0), await world.Campaigns.ProgressAsync(campaign, CancellationToken.None));
        Assert.Equal(CampaignStatus.Done, (await world.Campaigns.FindAsync(campaign, CancellationToken.None))!.Status);
    }
}
