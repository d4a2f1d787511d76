using SupportBot.Shared.StudyGroups;
using SupportBot.Shared.StudyGroups.Groups;
using SupportBot.Shared.StudyGroups.Matching;

namespace SupportBot.Tests.StudyGroups;

public sealed class GroupLifecycleRulesTests
{
    private static readonly DateTimeOffset Week = new(2027, 3, 15, 0, 0, 0, TimeSpan.Zero);

    private static GroupCandidate Saturday(int n, string zone, int from, int to) =>
        new(new Guid(n, 0, 0, new byte[8]), "fr", 3, zone, [new WeeklySlot(DayOfWeek.Saturday, from * 60, to * 60)]);

    [Fact]
    public void Someone_who_declined_a_person_is_not_grouped_with_them_again_and_sits_the_round_out()
    {
        var a = Saturday(1, "Europe/Paris", 10, 14);
        var b = Saturday(2, "Europe/Paris", 10, 14);
        var c = Saturday(3, "Europe/Paris", 10, 14);
        var d = Saturday(4, "Europe/Paris", 10, 14);

        var free = StudyGroupRounds.Match([a, b, c, d], new HashSet<(Guid, Guid)>(), Week, new MatchRules());
        var (groups, leftOver) = StudyGroupRounds.Match([a, b, c, d], new HashSet<(Guid, Guid)> { (d.PersonId, a.PersonId) }, Week, new MatchRules());

        Assert.Equal(4, Assert.Single(free.Groups).Members.Count);
        Assert.Equal([a.PersonId, b.PersonId, c.PersonId], Assert.Single(groups).Members.Order());
        Assert.Equal([d.PersonId], leftOver);
    }

    [Fact]
    public void Intersection_keeps_only_the_time_every_member_has()
    {
        var shared = GroupTimes.Intersect([[new(0, 100), new(200, 300)], [new(50, 250)], [new(0, 10080)]]);

        Assert.Equal([new UtcWeekInterval(50, 100), new UtcWeekInterval(200, 250)], shared);
    }

    [Fact]
    public void A_meeting_that_runs_across_the_utc_week_boundary_is_one_meeting()
    {
        // Sunday 23:00 to Monday 02:00 UTC: one meeting starting on Sunday, not a second one on Monday.
        MemberWeek Member(int n) => new(new Guid(n, 0, 0, new byte[8]), "UTC",
            [new WeeklySlot(DayOfWeek.Sunday, 23 * 60, 1440), new WeeklySlot(DayOfWeek.Monday, 0, 120)]);

        var meetings = GroupTimes.MeetingsBetween([Member(1), Member(2)], Week, Week.AddDays(7));

        Assert.Equal([new Meeting(Week.AddDays(6).AddHours(23), Week.AddDays(7).AddHours(2))], meetings);
    }

    [Fact]
    public void In_the_week_Paris_springs_forward_a_Sunday_meeting_follows_the_new_offset()
    {
        // Sunday 28 March 2027 Paris 11:00 is 09:00 UTC (summer time); Nouméa 20:00-23:00 is 09:00-12:00 UTC.
        var paris = new MemberWeek(Guid.NewGuid(), "Europe/Paris", [new WeeklySlot(DayOfWeek.Sunday, 11 * 60, 14 * 60)]);
        var noumea = new MemberWeek(Guid.NewGuid(), "Pacific/Noumea", [new WeeklySlot(DayOfWeek.Sunday, 20 * 60, 23 * 60)]);
        var weekOf22March = new DateTimeOffset(2027, 3, 22, 0, 0, 0, TimeSpan.Zero);

        var meeting = Assert.Single(GroupTimes.MeetingsBetween([paris, noumea], weekOf22March, weekOf22March.AddDays(7)));

        Assert.Equal(new DateTimeOffset(2027, 3, 28, 9, 0, 0, TimeSpan.Zero), meeting.StartUtc);
        Assert.Equal(new DateTimeOffset(2027, 3, 28, 12, 0, 0, TimeSpan.Zero), meeting.EndUtc);
        Assert.Equal("dimanche 11:00", GroupTimes.LocalStart(meeting.StartUtc, "Europe/Paris", "fr"));
        Assert.Equal("Sunday 20:00", GroupTimes.LocalStart(meeting.StartUtc, "Pacific/Noumea", "en"));
    }

    [Fact]
    public void Shared_time_is_worded_in_each_members_zone_and_language()
    {
        IReadOnlyList<UtcWeekInterval> shared = [new(5 * 1440 + 600, 5 * 1440 + 780)]; // Saturday 10:00-13:00 UTC

        Assert.Equal(["samedi 11:00–14:00"], GroupTimes.LocalLines(shared, "Europe/Paris", Week, "fr"));
        Assert.Equal(["Saturday 21:00–24:00"], GroupTimes.LocalLines(shared, "Pacific/Noumea", Week, "en"));
        Assert.Equal(["samedi 06:00–09:00"], GroupTimes.LocalLines(shared, "America/Martinique", Week, "fr"));
    }
}
