using SupportBot.IntegrationTests.Routing;

namespace SupportBot.IntegrationTests.StudyGroups;

public sealed class ReminderTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    /// <summary>
    /// Paris 11:00-14:00, Nouméa 19:00-24:00 and Martinique 04:00-12:00 on Saturdays share 10:00-13:00 UTC
    /// while Paris is on winter time and 09:00-12:00 UTC on summer time (Nouméa and Martinique keep
    /// their offsets), so the Paris changes of 28 March and 31 October 2027 move everyone's reminder.
    /// </summary>
    [Theory]
    [InlineData("2027-03-20T09:30:00Z", "samedi 11:00", "samedi 21:00", "samedi 06:00")] // the week before spring forward
    [InlineData("2027-04-03T08:30:00Z", "samedi 11:00", "samedi 20:00", "samedi 05:00")] // the week after
    [InlineData("2027-10-30T08:30:00Z", "samedi 11:00", "samedi 20:00", "samedi 05:00")] // the week before fall back
    [InlineData("2027-11-06T09:30:00Z", "samedi 11:00", "samedi 21:00", "samedi 06:00")] // the week after
    public async Task Reminders_land_half_an_hour_before_the_shared_slot_at_each_members_local_time_across_DST(
        string dueUtc, string paris, string noumea, string martinique)
    {
        var due = DateTimeOffset.Parse(dueUtc, System.Globalization.CultureInfo.InvariantCulture);
        await using var world = await GroupWorld.StartAsync(db, new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var learners = await world.ThreeZonesAsync(chat: false);
        var group = await FormGroupAsync(world, learners);

        world.Clock.SetUtcNow(due.AddMinutes(-5));
        await world.Reminders.SendDueAsync(CancellationToken.None);
        Assert.Equal(0, await world.SendLogCountAsync($"studygroup:reminder:{group:N}:"));
        world.Clock.SetUtcNow(due);
        await world.Reminders.SendDueAsync(CancellationToken.None);
        Assert.Equal(3, await world.SendLogCountAsync($"studygroup:reminder:{group:N}:"));

        var expected = new[] { paris, noumea, martinique };
        for (var i = 0; i < learners.Length; i++)
        {
            var reminder = Assert.Single(await Smtp4devMailbox.ToAsync(learners[i].Email, atLeast: 3), m => (m.Subject ?? "").StartsWith("Rappel", StringComparison.Ordinal));
            Assert.EndsWith("à " + expected[i], reminder.Subject ?? "", StringComparison.Ordinal);
            Assert.Contains("dans 30 minutes", reminder.TextBody, StringComparison.Ordinal);
            Assert.Contains("« stop rappels »", reminder.TextBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_second_run_sends_no_reminder_twice_and_members_who_opted_out_or_left_get_none()
    {
        await using var world = await GroupWorld.StartAsync(db, new DateTimeOffset(2027, 3, 1, 12, 0, 0, TimeSpan.Zero));
        var learners = await world.ThreeZonesAsync(chat: false);
        var dora = await world.LearnerAsync("Dora", "Europe/Paris", chat: false, (DayOfWeek.Saturday, "10:00", "15:00"));
        var group = await FormGroupAsync(world, [.. learners, dora]);
        var reminders = $"studygroup:reminder:{group:N}:";
        world.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 20, 9, 35, 0, TimeSpan.Zero));

        await world.Reminders.SendDueAsync(CancellationToken.None);
        Assert.Equal(4, await world.SendLogCountAsync(reminders));
        await world.Reminders.SendDueAsync(CancellationToken.None);
        Assert.Equal(4, await world.SendLogCountAsync(reminders));
        Assert.Single(await Smtp4devMailbox.ToAsync(learners[1].Email, atLeast: 3), m => (m.Subject ?? "").StartsWith("Rappel", StringComparison.Ordinal));

        await world.Membership.SetRemindersAsync(learners[0].Id, on: false, CancellationToken.None);
        await world.Membership.LeaveAsync(dora.Id, null, CancellationToken.None);
        world.Clock.SetUtcNow(new DateTimeOffset(2027, 3, 27, 9, 35, 0, TimeSpan.Zero));

        await world.Reminders.SendDueAsync(CancellationToken.None);
        Assert.Equal(6, await world.SendLogCountAsync(reminders));
        Assert.Single(await Smtp4devMailbox.ToAsync(learners[0].Email, atLeast: 3), m => (m.Subject ?? "").StartsWith("Rappel", StringComparison.Ordinal));
        Assert.Single(await Smtp4devMailbox.ToAsync(dora.Email, atLeast: 3), m => (m.Subject ?? "").StartsWith("Rappel", StringComparison.Ordinal));
        Assert.Equal(2, (await Smtp4devMailbox.ToAsync(learners[1].Email, atLeast: 5)).Count(m => (m.Subject ?? "").StartsWith("Rappel", StringComparison.Ordinal)));
    }

    private static async Task<Guid> FormGroupAsync(GroupWorld world, GroupLearner[] learners)
    {
        var group = Assert.Single((await world.Rounds.RunRoundAsync(world.ModuleId)).GroupIds);
        foreach (var l in learners)
        {
            await world.Membership.AcceptAsync(l.Id, null, CancellationToken.None);
        }

        Assert.Equal("active", await world.GroupStatusAsync(group));
        return group;
    }
}
