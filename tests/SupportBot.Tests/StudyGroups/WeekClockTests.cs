using SupportBot.Shared.StudyGroups;
using SupportBot.Shared.StudyGroups.Matching;

namespace SupportBot.Tests.StudyGroups;

public sealed class WeekClockTests
{
    private const int Day = 1440;

    // Mondays 00:00 UTC. 2027: Paris springs forward on Sunday 28 March, falls back on Sunday 31 October.
    private static readonly DateTimeOffset January = new(2027, 1, 4, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset July = new(2027, 7, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset SpringForwardWeek = new(2027, 3, 22, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset FallBackWeek = new(2027, 10, 25, 0, 0, 0, TimeSpan.Zero);

    private static WeeklySlot Slot(DayOfWeek day, int fromHour, int toHour, int fromMinute = 0, int toMinute = 0) =>
        new(day, fromHour * 60 + fromMinute, toHour * 60 + toMinute);

    private static UtcWeekInterval Utc(int day, int fromHour, int toHour, int fromMinute = 0, int toMinute = 0) =>
        new(day * Day + fromHour * 60 + fromMinute, day * Day + toHour * 60 + toMinute);

    [Fact]
    public void Sunday_afternoon_in_Paris_is_an_hour_earlier_in_UTC_in_summer_than_in_winter()
    {
        WeeklySlot[] sunday = [Slot(DayOfWeek.Sunday, 14, 18)];

        Assert.Equal([Utc(6, 13, 17)], WeekClock.ToUtc(sunday, "Europe/Paris", January));
        Assert.Equal([Utc(6, 12, 16)], WeekClock.ToUtc(sunday, "Europe/Paris", July));
    }

    [Theory]
    [InlineData("America/Martinique", 22, 2)]
    [InlineData("Indian/Reunion", 14, 18)]
    [InlineData("Pacific/Noumea", 7, 11)]
    public void Zones_without_daylight_saving_have_the_same_UTC_week_in_January_and_July(string zone, int utcFrom, int utcTo)
    {
        // Thursday 18:00-22:00 local.
        WeeklySlot[] thursday = [Slot(DayOfWeek.Thursday, 18, 22)];
        var expected = utcTo > utcFrom
            ? new[] { Utc(3, utcFrom, utcTo) }
            : [new UtcWeekInterval(3 * Day + utcFrom * 60, 4 * Day + utcTo * 60)];

        Assert.Equal(expected, WeekClock.ToUtc(thursday, zone, January));
        Assert.Equal(expected, WeekClock.ToUtc(thursday, zone, July));
    }

    [Fact]
    public void Monday_morning_in_Noumea_is_Sunday_evening_UTC_at_the_end_of_the_week()
    {
        // Monday 07:00-09:00 at UTC+11 is Sunday 20:00-22:00 UTC: the next local Monday's occurrence.
        Assert.Equal([Utc(6, 20, 22)], WeekClock.ToUtc([Slot(DayOfWeek.Monday, 7, 9)], "Pacific/Noumea", January));
    }

    [Fact]
    public void Sunday_night_in_Martinique_is_Monday_early_UTC_at_the_start_of_the_week()
    {
        // Sunday 21:00-23:00 at UTC-4 is Monday 01:00-03:00 UTC.
        Assert.Equal([Utc(0, 1, 3)], WeekClock.ToUtc([Slot(DayOfWeek.Sunday, 21, 23)], "America/Martinique", January));
    }

    [Fact]
    public void A_slot_across_the_UTC_week_boundary_wraps_to_both_ends()
    {
        // Monday 02:00-05:00 at UTC+4 is Sunday 22:00 to Monday 01:00 UTC.
        Assert.Equal(
            [Utc(0, 0, 1), new UtcWeekInterval(6 * Day + 22 * 60, 7 * Day)],
            WeekClock.ToUtc([Slot(DayOfWeek.Monday, 2, 5)], "Indian/Reunion", January));
    }

    [Fact]
    public void In_the_spring_forward_week_Paris_moves_an_hour_between_Monday_and_Sunday()
    {
        WeeklySlot[] evenings = [Slot(DayOfWeek.Monday, 19, 20), Slot(DayOfWeek.Sunday, 19, 20)];

        Assert.Equal([Utc(0, 18, 19), Utc(6, 17, 18)], WeekClock.ToUtc(evenings, "Europe/Paris", SpringForwardWeek));
    }

    [Fact]
    public void The_missing_hour_of_spring_forward_is_empty_and_a_slot_around_it_lasts_the_real_time_it_spans()
    {
        // 28 March 2027 in Paris: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
        Assert.Empty(WeekClock.ToUtc([Slot(DayOfWeek.Sunday, 2, 3)], "Europe/Paris", SpringForwardWeek));
        var around = WeekClock.ToUtc([Slot(DayOfWeek.Sunday, 1, 3, 30, 30)], "Europe/Paris", SpringForwardWeek);
        Assert.Equal([Utc(6, 0, 1, 30, 30)], around);
        Assert.Equal(60, around[0].Minutes);
    }

    [Fact]
    public void The_doubled_hour_of_fall_back_is_counted_twice()
    {
        // 31 October 2027 in Paris: 03:00 CEST goes back to 02:00 CET (01:00 UTC).
        // Sunday 01:00-04:00 local = Saturday 23:00 UTC to Sunday 03:00 UTC: four real hours.
        var night = WeekClock.ToUtc([Slot(DayOfWeek.Sunday, 1, 4)], "Europe/Paris", FallBackWeek);
        Assert.Equal([new UtcWeekInterval(5 * Day + 23 * 60, 6 * Day + 3 * 60)], night);

        // 02:00-02:30 happens twice: from the first 02:00 (00:00 UTC) to the second 02:30 (01:30 UTC).
        Assert.Equal([Utc(6, 0, 1, 0, 30)], WeekClock.ToUtc([Slot(DayOfWeek.Sunday, 2, 2, 0, 30)], "Europe/Paris", FallBackWeek));
    }

    [Fact]
    public void Overlapping_and_touching_slots_are_merged_and_sorted_and_invalid_ones_ignored()
    {
        WeeklySlot[] slots =
        [
            Slot(DayOfWeek.Tuesday, 19, 21),
            Slot(DayOfWeek.Monday, 18, 20),
            Slot(DayOfWeek.Monday, 19, 21),
            Slot(DayOfWeek.Monday, 21, 22),
            new(DayOfWeek.Friday, 600, 500),
            new(DayOfWeek.Friday, -60, 30),
            new(DayOfWeek.Friday, 1400, 1500),
        ];

        Assert.Equal([Utc(0, 17, 21), Utc(1, 18, 20)], WeekClock.ToUtc(slots, "Europe/Paris", January));
    }

    [Fact]
    public void Shared_UTC_time_reads_back_in_each_learner_s_local_time()
    {
        // Sunday 20:00-22:00 UTC in January.
        UtcWeekInterval[] shared = [Utc(6, 20, 22)];

        Assert.Equal([Slot(DayOfWeek.Sunday, 21, 23)], WeekClock.ToLocal(shared, "Europe/Paris", January));
        Assert.Equal([Slot(DayOfWeek.Sunday, 16, 18)], WeekClock.ToLocal(shared, "America/Martinique", January));
        Assert.Equal([Slot(DayOfWeek.Monday, 0, 2)], WeekClock.ToLocal(shared, "Indian/Reunion", January));
        Assert.Equal([Slot(DayOfWeek.Monday, 7, 9)], WeekClock.ToLocal(shared, "Pacific/Noumea", January));
    }

    [Fact]
    public void A_UTC_period_across_local_midnight_reads_as_two_local_slots()
    {
        // Sunday 18:00-22:00 UTC is Sunday 22:00 to Monday 02:00 in Réunion.
        Assert.Equal(
            [Slot(DayOfWeek.Monday, 0, 2), new WeeklySlot(DayOfWeek.Sunday, 22 * 60, 1440)],
            WeekClock.ToLocal([Utc(6, 18, 22)], "Indian/Reunion", January));
    }

    [Fact]
    public void The_fall_back_night_reads_back_as_the_local_hours_it_covers()
    {
        // Saturday 23:00 to Sunday 03:00 UTC on 30-31 October 2027 is Sunday 01:00-04:00 in Paris.
        Assert.Equal(
            [Slot(DayOfWeek.Sunday, 1, 4)],
            WeekClock.ToLocal([new UtcWeekInterval(5 * Day + 23 * 60, 6 * Day + 3 * 60)], "Europe/Paris", FallBackWeek));
    }

    [Theory]
    [InlineData("Europe/Paris")]
    [InlineData("America/Martinique")]
    [InlineData("Indian/Reunion")]
    [InlineData("Pacific/Noumea")]
    [InlineData("America/Cayenne")]
    [InlineData("Europe/London")]
    public void Local_slots_survive_a_round_trip_through_UTC(string zone)
    {
        WeeklySlot[] slots =
        [
            Slot(DayOfWeek.Monday, 0, 1),
            Slot(DayOfWeek.Monday, 7, 9),
            Slot(DayOfWeek.Wednesday, 17, 20, 0, 30),
            Slot(DayOfWeek.Saturday, 9, 12),
            new(DayOfWeek.Sunday, 22 * 60, 1440),
        ];

        foreach (var week in new[] { January, July })
        {
            Assert.Equal(slots, WeekClock.ToLocal(WeekClock.ToUtc(slots, zone, week), zone, week));
        }
    }

    [Fact]
    public void An_unknown_zone_or_a_week_that_does_not_start_on_Monday_is_refused()
    {
        WeeklySlot[] slots = [Slot(DayOfWeek.Monday, 7, 9)];

        Assert.False(WeekClock.IsKnownZone("Mars/Olympus_Mons"));
        Assert.True(WeekClock.IsKnownZone("Pacific/Noumea"));
        Assert.Throws<TimeZoneNotFoundException>(() => WeekClock.ToUtc(slots, "Mars/Olympus_Mons", January));
        Assert.Throws<ArgumentException>(() => WeekClock.ToUtc(slots, "Europe/Paris", January.AddDays(1)));
        Assert.Throws<ArgumentException>(() => WeekClock.ToLocal([], "Europe/Paris", January.AddHours(1)));
    }

    [Fact]
    public void The_week_start_of_any_instant_is_the_Monday_before_at_midnight_UTC()
    {
        Assert.Equal(January, WeekClock.WeekStartOf(new DateTimeOffset(2027, 1, 10, 23, 59, 0, TimeSpan.Zero)));
        Assert.Equal(January, WeekClock.WeekStartOf(January));
        // Monday 4 January 02:00 in Nouméa is still Sunday 3 January in UTC: the week before.
        Assert.Equal(January.AddDays(-7), WeekClock.WeekStartOf(new DateTimeOffset(2027, 1, 4, 2, 0, 0, TimeSpan.FromHours(11))));
    }
}
