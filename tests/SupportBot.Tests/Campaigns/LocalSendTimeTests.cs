using Microsoft.Extensions.Time.Testing;
using SupportBot.Shared.Campaigns;

namespace SupportBot.Tests.Campaigns;

public sealed class LocalSendTimeTests
{
    private static readonly DateOnly SpringForward = new(2027, 3, 28);
    private static readonly DateOnly FallBack = new(2027, 10, 31);

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("Europe/Paris", "2027-03-28T15:00:00Z")]
    [InlineData("America/Martinique", "2027-03-28T21:00:00Z")]
    [InlineData("Indian/Reunion", "2027-03-28T13:00:00Z")]
    [InlineData("Pacific/Noumea", "2027-03-28T06:00:00Z")]
    public void Five_pm_local_on_the_spring_forward_sunday(string zone, string utc) =>
        Assert.Equal(Utc(utc), LocalSendTime.ToUtc(SpringForward, new TimeOnly(17, 0), zone));

    [Theory]
    [InlineData("Europe/Paris", "2027-10-31T16:00:00Z")]
    [InlineData("America/Martinique", "2027-10-31T21:00:00Z")]
    [InlineData("Indian/Reunion", "2027-10-31T13:00:00Z")]
    [InlineData("Pacific/Noumea", "2027-10-31T06:00:00Z")]
    public void Five_pm_local_on_the_fall_back_sunday(string zone, string utc) =>
        Assert.Equal(Utc(utc), LocalSendTime.ToUtc(FallBack, new TimeOnly(17, 0), zone));

    [Theory]
    [InlineData("Pacific/Kiritimati")]
    [InlineData("Pacific/Noumea")]
    [InlineData("Europe/Paris")]
    [InlineData("America/Martinique")]
    [InlineData("Etc/GMT+12")]
    public void Now_is_already_due_in_every_zone_and_not_a_minute_more_than_it_must(string zone)
    {
        var now = Utc("2027-03-28T15:07:42Z");
        var schedule = LocalSchedule.Now(now);

        Assert.Equal((ScheduleKind.Once, new DateOnly(2027, 3, 28), new TimeOnly(3, 7)), (schedule.Kind, schedule.Date, schedule.Time));
        var due = LocalSendTime.ToUtc(schedule.Date!.Value, schedule.Time, zone);
        Assert.True(due <= now, $"{zone}: due {due:o}, after {now:o}");
        Assert.True(due > now.AddHours(-27), $"{zone}: due {due:o}");
    }

    [Fact]
    public void A_local_time_in_the_spring_forward_gap_is_sent_at_the_first_instant_after_it()
    {
        // 02:30 does not exist in Paris on 28 March 2027: clocks jump from 02:00 to 03:00 (01:00 UTC).
        Assert.Equal(Utc("2027-03-28T01:00:00Z"), LocalSendTime.ToUtc(SpringForward, new TimeOnly(2, 30), "Europe/Paris"));
        Assert.Equal(Utc("2027-03-28T01:00:00Z"), LocalSendTime.ToUtc(SpringForward, new TimeOnly(2, 0), "Europe/Paris"));
        Assert.Equal(Utc("2027-03-28T01:00:00Z"), LocalSendTime.ToUtc(SpringForward, new TimeOnly(3, 0), "Europe/Paris"));
    }

    [Fact]
    public void A_local_time_that_happens_twice_on_fall_back_is_sent_at_its_first_occurrence()
    {
        // 02:30 happens at 00:30 UTC (summer time) and again at 01:30 UTC: the first one.
        Assert.Equal(Utc("2027-10-31T00:30:00Z"), LocalSendTime.ToUtc(FallBack, new TimeOnly(2, 30), "Europe/Paris"));
        Assert.Equal(Utc("2027-10-31T00:00:00Z"), LocalSendTime.ToUtc(FallBack, new TimeOnly(2, 0), "Europe/Paris"));
        Assert.Equal(Utc("2027-10-31T02:00:00Z"), LocalSendTime.ToUtc(FallBack, new TimeOnly(3, 0), "Europe/Paris"));
    }

    [Theory]
    [InlineData("America/Martinique", "2027-03-28T06:30:00Z", "2027-10-31T06:30:00Z")]
    [InlineData("Indian/Reunion", "2027-03-27T22:30:00Z", "2027-10-30T22:30:00Z")]
    [InlineData("Pacific/Noumea", "2027-03-27T15:30:00Z", "2027-10-30T15:30:00Z")]
    public void Zones_without_daylight_saving_keep_their_offset_through_both_changes(string zone, string march, string october)
    {
        Assert.Equal(Utc(march), LocalSendTime.ToUtc(SpringForward, new TimeOnly(2, 30), zone));
        Assert.Equal(Utc(october), LocalSendTime.ToUtc(FallBack, new TimeOnly(2, 30), zone));
    }

    [Fact]
    public void An_unknown_zone_falls_back_to_Paris() =>
        Assert.Equal(Utc("2027-03-28T15:00:00Z"), LocalSendTime.ToUtc(SpringForward, new TimeOnly(17, 0), "Mars/Olympus_Mons"));

    [Fact]
    public void Weekly_dates_start_on_the_first_matching_day_and_stop_at_until()
    {
        var schedule = LocalSchedule.Weekly(DayOfWeek.Sunday, new TimeOnly(17, 0), new DateOnly(2027, 3, 17), until: new DateOnly(2027, 4, 4));
        Assert.Equal(
            [new DateOnly(2027, 3, 21), new DateOnly(2027, 3, 28), new DateOnly(2027, 4, 4)],
            LocalSendTime.OccurrenceDates(schedule, new DateOnly(2027, 3, 1), null).ToList());
    }

    [Fact]
    public void Relative_to_exam_is_days_before_the_exam_date()
    {
        var schedule = LocalSchedule.BeforeExam(2, new TimeOnly(18, 0));
        Assert.Equal([new DateOnly(2027, 6, 10)], LocalSendTime.OccurrenceDates(schedule, new DateOnly(2027, 1, 1), new DateOnly(2027, 6, 12)).ToList());
        Assert.Empty(LocalSendTime.OccurrenceDates(schedule, new DateOnly(2027, 1, 1), null));
        Assert.Equal(Utc("2027-06-10T16:00:00Z"), LocalSendTime.ToUtc(new DateOnly(2027, 6, 10), new TimeOnly(18, 0), "Europe/Paris"));
    }

    [Fact]
    public void Next_send_instant_is_each_recipients_own_sunday_five_pm()
    {
        var clock = new FakeTimeProvider(Utc("2027-03-26T12:00:00Z"));
        var times = new LocalSendTime(clock);
        var weekly = LocalSchedule.Weekly(DayOfWeek.Sunday, new TimeOnly(17, 0), new DateOnly(2027, 1, 1));

        Assert.Equal(Utc("2027-03-28T15:00:00Z"), times.NextFor(weekly, "Europe/Paris", null));
        Assert.Equal(Utc("2027-03-28T06:00:00Z"), times.NextFor(weekly, "Pacific/Noumea", null));

        clock.SetUtcNow(Utc("2027-03-28T07:00:00Z"));
        Assert.Equal(Utc("2027-04-04T06:00:00Z"), times.NextFor(weekly, "Pacific/Noumea", null));
        Assert.Equal(Utc("2027-03-28T21:00:00Z"), times.NextFor(weekly, "America/Martinique", null));
    }

    [Fact]
    public void Local_hour_says_who_is_at_eight_in_the_morning()
    {
        var times = new LocalSendTime(new FakeTimeProvider(Utc("2027-10-31T07:10:00Z")));
        Assert.True(times.IsLocalHour("Europe/Paris", 8));
        Assert.False(times.IsLocalHour("Indian/Reunion", 8));
    }
}

public sealed class CampaignTemplatesTests
{
    [Fact]
    public async Task Renders_each_language_with_the_recipients_values_and_encodes_html()
    {
        var templates = CampaignTemplates.Parse(new CampaignMessage(
            "Courage {{ first_name }} !", "Bonjour {{ first_name }}, examen de {{ module }} le {{ exam_date }}.\n\nLe chat : {{ links.chat }}",
            "Keep going {{ first_name }}!", "Hello {{ first_name }}, {{ module }} exam on {{ exam_date }}."));
        var values = new CampaignValues("Léa <b>", "Statistiques", new DateOnly(2027, 6, 12), "https://bot.example.test/", "https://bot.example.test/unsubscribe?t=x");

        var fr = await templates.RenderAsync("fr", values);
        var en = await templates.RenderAsync("en", values);

        Assert.Equal("Courage Léa <b> !", fr.Subject);
        Assert.StartsWith("Bonjour Léa <b>, examen de Statistiques le 12 juin 2027.\n\nLe chat : https://bot.example.test/", fr.Text, StringComparison.Ordinal);
        Assert.Contains("https://bot.example.test/unsubscribe?t=x", fr.Text, StringComparison.Ordinal);
        Assert.Contains("Léa &lt;b&gt;", fr.Html, StringComparison.Ordinal);
        Assert.Equal("Keep going Léa <b>!", en.Subject);
        Assert.StartsWith("Hello Léa <b>, Statistiques exam on 12 June 2027.", en.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_broken_template_is_refused_with_the_part_named() =>
        Assert.Contains("message (en)", Assert.Throws<CampaignTemplateException>(() => CampaignTemplates.Parse(
            new CampaignMessage("s", "b", "s", "Hello {{ first_name "))).Message, StringComparison.Ordinal);
}
