using SupportBot.Shared.StudyGroups;
using SupportBot.Shared.StudyGroups.Matching;

namespace SupportBot.Tests.StudyGroups;

public sealed class StudyGroupMatcherTests
{
    private const int Day = 1440;

    /// <summary>Monday 4 January 2027, 00:00 UTC: winter, so Paris is UTC+1.</summary>
    private static readonly DateTimeOffset Week = new(2027, 1, 4, 0, 0, 0, TimeSpan.Zero);

    private static readonly MatchRules OneHour = new();

    /// <summary>The four zones of the study, with their offset in January.</summary>
    private static readonly (string Zone, int Hours)[] Zones =
        [("Europe/Paris", 1), ("America/Martinique", -4), ("Indian/Reunion", 4), ("Pacific/Noumea", 11)];

    private static Guid Id(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    private static WeeklySlot Slot(DayOfWeek day, int fromHour, int toHour) => new(day, fromHour * 60, toHour * 60);

    private static GroupCandidate Learner(int n, string zone, params WeeklySlot[] slots) => new(Id(n), "fr", 3, zone, slots);

    /// <summary>
    /// Local slots for UTC periods (minutes of the UTC week), by plain offset arithmetic, so tests
    /// of the matcher do not lean on <see cref="WeekClock"/> to build their input.
    /// </summary>
    private static WeeklySlot[] LocalFor(int offsetHours, params (int From, int To)[] utc)
    {
        var slots = new List<WeeklySlot>();
        foreach (var (from, to) in utc)
        {
            // Minutes of the local week, Monday 00:00 local = 0, wrapped into one week.
            var start = ((from + offsetHours * 60) % (7 * Day) + 7 * Day) % (7 * Day);
            var length = to - from;
            while (length > 0)
            {
                var dayIndex = start / Day;
                var inDay = start % Day;
                var piece = Math.Min(length, Day - inDay);
                slots.Add(new WeeklySlot((DayOfWeek)((dayIndex + 1) % 7), inDay, inDay + piece));
                length -= piece;
                start = (start + piece) % (7 * Day);
            }
        }

        return [.. slots];
    }

    private static int At(int day, int hour) => day * Day + hour * 60;

    /// <summary>
    /// Nine learners over four zones. A, B and C (the three smallest ids) share three hours on
    /// Saturday; each of them also shares one hour with two learners nobody else can join. The
    /// obvious group (A, B, C) strands the other six; the only way to place all nine is three groups
    /// of one hour each.
    /// </summary>
    private static List<GroupCandidate> NineAcrossFourZones() =>
    [
        // A, Paris: Saturday 13:00-16:00 (12-15 UTC) and Tuesday 20:00-21:00 (19-20 UTC).
        Learner(1, "Europe/Paris", Slot(DayOfWeek.Saturday, 13, 16), Slot(DayOfWeek.Tuesday, 20, 21)),
        // B, Martinique: Saturday 08:00-11:00 (12-15 UTC) and Thursday 18:00-19:00 (22-23 UTC).
        Learner(2, "America/Martinique", Slot(DayOfWeek.Saturday, 8, 11), Slot(DayOfWeek.Thursday, 18, 19)),
        // C, Réunion: Saturday 16:00-19:00 (12-15 UTC) and Wednesday 19:00-20:00 (15-16 UTC).
        Learner(3, "Indian/Reunion", Slot(DayOfWeek.Saturday, 16, 19), Slot(DayOfWeek.Wednesday, 19, 20)),
        // D, Nouméa: Wednesday 05:00-08:00 (Tuesday 18-21 UTC).
        Learner(4, "Pacific/Noumea", Slot(DayOfWeek.Wednesday, 5, 8)),
        // E, Martinique: Tuesday 15:00-16:30 (19:00-20:30 UTC).
        Learner(5, "America/Martinique", new WeeklySlot(DayOfWeek.Tuesday, 15 * 60, 16 * 60 + 30)),
        // F, Paris: Thursday 22:30-24:00 (21:30-23:00 UTC).
        Learner(6, "Europe/Paris", new WeeklySlot(DayOfWeek.Thursday, 22 * 60 + 30, 24 * 60)),
        // G, Nouméa: Friday 09:00-10:00 (Thursday 22-23 UTC).
        Learner(7, "Pacific/Noumea", Slot(DayOfWeek.Friday, 9, 10)),
        // H, Paris: Wednesday 16:00-18:00 (15-17 UTC).
        Learner(8, "Europe/Paris", Slot(DayOfWeek.Wednesday, 16, 18)),
        // I, Martinique: Wednesday 11:00-12:00 (15-16 UTC).
        Learner(9, "America/Martinique", Slot(DayOfWeek.Wednesday, 11, 12)),
    ];

    private static List<Guid[]> Members(MatchOutcome outcome) => [.. outcome.Groups.Select(g => g.Members.ToArray())];

    [Fact]
    public void Nine_learners_in_four_zones_are_all_placed_although_first_fit_strands_six()
    {
        var learners = NineAcrossFourZones();

        var outcome = StudyGroupMatcher.Match(learners, Week, OneHour);

        Assert.Equal(
            [[Id(1), Id(4), Id(5)], [Id(2), Id(6), Id(7)], [Id(3), Id(8), Id(9)]],
            Members(outcome));
        Assert.Empty(outcome.LeftOver);
        Assert.Equal([new UtcWeekInterval(At(1, 19), At(1, 20))], outcome.Groups[0].SharedTime);
        Assert.Equal([new UtcWeekInterval(At(3, 22), At(3, 23))], outcome.Groups[1].SharedTime);
        Assert.Equal([new UtcWeekInterval(At(2, 15), At(2, 16))], outcome.Groups[2].SharedTime);

        // The trap is real: first fit in PersonId order places three of the nine.
        Assert.Equal(3, FirstFitPlaced(learners));
    }

    [Fact]
    public void The_heuristic_alone_also_finds_the_nine()
    {
        var outcome = StudyGroupMatcher.Match(NineAcrossFourZones(), Week, OneHour, exactUpTo: 0);

        Assert.Equal(
            [[Id(1), Id(4), Id(5)], [Id(2), Id(6), Id(7)], [Id(3), Id(8), Id(9)]],
            Members(outcome));
    }

    [Theory]
    [InlineData(12)]
    [InlineData(0)]
    public void Thirty_learners_sharing_one_hour_are_grouped_by_the_trios_that_share_three(int exactUpTo)
    {
        // Everyone is free Monday 18-19 UTC, so any grouping is valid; trio t also shares a
        // two-hour window of its own, so the best grouping is the ten planted trios (3 h each).
        // Ids are interleaved so that trios are not neighbours in PersonId order.
        var learners = new List<GroupCandidate>();
        for (var t = 0; t < 10; t++)
        {
            for (var k = 0; k < 3; k++)
            {
                var (zone, offset) = Zones[(t + k) % Zones.Length];
                var own = At(2 + t % 5, 6 + 2 * (t / 5) * 3);
                learners.Add(new GroupCandidate(Id(k * 10 + t + 1), "fr", 3, zone, LocalFor(offset, (At(0, 18), At(0, 19)), (own, own + 120))));
            }
        }

        var outcome = StudyGroupMatcher.Match(learners, Week, OneHour, exactUpTo);

        var expected = Enumerable.Range(0, 10).Select(t => new[] { Id(t + 1), Id(t + 11), Id(t + 21) }).ToList();
        Assert.Equal(expected, Members(outcome));
        Assert.All(outcome.Groups, g => Assert.Equal(3.0, g.SharedHoursPerWeek));
        Assert.Equal(1, FirstFitSharedHoursOfFirstGroup(learners));
    }

    [Fact]
    public void Groups_never_mix_languages()
    {
        var evening = LocalFor(1, (At(0, 18), At(0, 21)));
        GroupCandidate[] learners =
        [
            new(Id(1), "fr", 3, "Europe/Paris", evening),
            new(Id(2), "en", 3, "Europe/Paris", evening),
            new(Id(3), "FR", 3, "Europe/Paris", evening),
            new(Id(4), "en", 3, "Europe/Paris", evening),
            new(Id(5), " fr ", 3, "Europe/Paris", evening),
            new(Id(6), "en", 3, "Europe/Paris", evening),
            new(Id(7), "en", 3, "Europe/Paris", evening),
            new(Id(8), "en", 3, "Europe/Paris", evening),
        ];

        var outcome = StudyGroupMatcher.Match(learners, Week, OneHour);

        // Five English speakers wishing for 3 make one group of 4 (3 accepts 3 or 4) and leave one out,
        // or a group of 3 and two left: one group of 4 places more.
        Assert.Equal([[Id(1), Id(3), Id(5)], [Id(2), Id(4), Id(6), Id(7)]], Members(outcome));
        Assert.Equal([Id(8)], outcome.LeftOver);
    }

    [Fact]
    public void A_group_size_is_within_one_of_every_member_s_wish()
    {
        var evening = LocalFor(1, (At(3, 17), At(3, 20)));
        GroupCandidate Wish(int n, int size) => new(Id(n), "fr", size, "Europe/Paris", evening);

        // Four who want 6 accept 5 or 6 only: not a group of four.
        Assert.Equal(4, StudyGroupMatcher.Match([Wish(1, 6), Wish(2, 6), Wish(3, 6), Wish(4, 6)], Week, OneHour).LeftOver.Count);

        // With one who wants 5 they make five, and one who wants 3 (3 or 4) cannot join them.
        var outcome = StudyGroupMatcher.Match([Wish(1, 6), Wish(2, 6), Wish(3, 6), Wish(4, 6), Wish(5, 5), Wish(6, 3)], Week, OneHour);
        Assert.Equal([[Id(1), Id(2), Id(3), Id(4), Id(5)]], Members(outcome));
        Assert.Equal([Id(6)], outcome.LeftOver);

        // Seven who want 3 (3 or 4 each): a group of 4 and a group of 3.
        var seven = StudyGroupMatcher.Match([.. Enumerable.Range(1, 7).Select(n => Wish(n, 3))], Week, OneHour);
        Assert.Equal([3, 4], seven.Groups.Select(g => g.Members.Count).Order());
        Assert.Empty(seven.LeftOver);
    }

    [Fact]
    public void Members_must_share_the_minimum_weekly_time()
    {
        // Three learners whose windows overlap by 45 minutes only (Wednesday 18:15-19:00 UTC).
        GroupCandidate[] learners =
        [
            new(Id(1), "fr", 3, "Europe/Paris", LocalFor(1, (At(2, 17) + 15, At(2, 19)))),
            new(Id(2), "fr", 3, "America/Martinique", LocalFor(-4, (At(2, 18), At(2, 20)))),
            new(Id(3), "fr", 3, "Pacific/Noumea", LocalFor(11, (At(2, 18) + 15, At(2, 19) + 30))),
        ];

        var strict = StudyGroupMatcher.Match(learners, Week, OneHour);
        Assert.Empty(strict.Groups);
        Assert.Equal([Id(1), Id(2), Id(3)], strict.LeftOver);

        var lenient = StudyGroupMatcher.Match(learners, Week, new MatchRules(MinSharedMinutes: 45));
        Assert.Equal([new UtcWeekInterval(At(2, 18) + 15, At(2, 19))], Assert.Single(lenient.Groups).SharedTime);
    }

    [Fact]
    public void Bad_data_is_left_over_and_never_throws()
    {
        var evening = LocalFor(1, (At(0, 18), At(0, 21)));
        GroupCandidate[] learners =
        [
            new(Id(1), "fr", 3, "Europe/Paris", evening),
            new(Id(2), "fr", 3, "Europe/Paris", evening),
            new(Id(3), "fr", 3, "Europe/Paris", evening),
            new(Id(10), "fr", 3, "Europe/Paris", []),
            new(Id(11), "fr", 3, "Europe/Paris", [new WeeklySlot(DayOfWeek.Monday, 1200, 1100), new WeeklySlot(DayOfWeek.Monday, 1100, 1500)]),
            new(Id(12), "fr", 2, "Europe/Paris", evening),
            new(Id(13), "fr", 7, "Europe/Paris", evening),
            new(Id(14), "fr", 3, "Mars/Olympus_Mons", evening),
            new(Id(15), "fr", 3, "", evening),
            new(Id(16), "", 3, "Europe/Paris", evening),
            new(Id(17), null!, 3, null!, null!),
            new(Id(18), "fr", 3, "Europe/Paris", evening),
            new(Id(18), "fr", 3, "Europe/Paris", evening),
            new(Id(19), "fr", 3, "Europe/Paris", [new WeeklySlot(DayOfWeek.Monday, 19 * 60, 19 * 60 + 30)]),
            null!,
        ];

        var outcome = StudyGroupMatcher.Match(learners, Week, OneHour);

        Assert.Equal([[Id(1), Id(2), Id(3)]], Members(outcome));
        Assert.Equal([Id(10), Id(11), Id(12), Id(13), Id(14), Id(15), Id(16), Id(17), Id(18), Id(19)], outcome.LeftOver);
        Assert.Empty(StudyGroupMatcher.Match([], Week, OneHour).Groups);
    }

    [Fact]
    public void The_same_learners_in_any_order_give_the_same_groups()
    {
        var learners = RandomModule(seed: 7, count: 400);
        var first = StudyGroupMatcher.Match(learners, Week, OneHour);
        var shuffle = new Random(1);
        var shuffled = learners.OrderBy(_ => shuffle.Next()).ToList();

        var second = StudyGroupMatcher.Match(shuffled, Week, OneHour);

        Assert.Equal(Describe(first), Describe(second));
        Assert.NotEmpty(first.Groups);
    }

    [Fact]
    public void Every_group_of_a_random_module_keeps_every_rule_and_first_fit_places_fewer()
    {
        var learners = RandomModule(seed: 42, count: 600);
        var byId = learners.ToDictionary(l => l.PersonId);

        var outcome = StudyGroupMatcher.Match(learners, Week, OneHour);

        var everyone = outcome.Groups.SelectMany(g => g.Members).Concat(outcome.LeftOver).ToList();
        Assert.Equal(learners.Count, everyone.Count);
        Assert.Equal(learners.Count, everyone.Distinct().Count());
        foreach (var group in outcome.Groups)
        {
            var members = group.Members.Select(id => byId[id]).ToList();
            Assert.InRange(members.Count, 3, 6);
            Assert.Single(members.Select(m => m.Language).Distinct());
            Assert.All(members, m => Assert.InRange(members.Count, m.GroupSize - 1, m.GroupSize + 1));
            Assert.True(group.SharedTime.Sum(i => i.Minutes) >= 60);
            foreach (var member in members)
            {
                var free = WeekClock.ToUtc(member.Slots, member.TimeZone, Week);
                Assert.All(group.SharedTime, s => Assert.Contains(free, f => f.FromMinute <= s.FromMinute && s.ToMinute <= f.ToMinute));
            }
        }

        Assert.True(learners.Count - outcome.LeftOver.Count > FirstFitPlaced(learners));
    }

    private static string Describe(MatchOutcome outcome) =>
        string.Join(';', outcome.Groups.Select(g => string.Join(',', g.Members) + '@' + string.Join(',', g.SharedTime)))
        + '|' + string.Join(',', outcome.LeftOver);

    /// <summary>Evening and weekend learners across the four zones, two languages, sizes 3 to 6.</summary>
    private static List<GroupCandidate> RandomModule(int seed, int count)
    {
        var random = new Random(seed);
        var learners = new List<GroupCandidate>();
        for (var n = 1; n <= count; n++)
        {
            var (zone, _) = Zones[random.Next(Zones.Length)];
            var slots = new List<WeeklySlot>();
            for (var s = random.Next(1, 4); s > 0; s--)
            {
                var day = (DayOfWeek)random.Next(7);
                var from = (day is DayOfWeek.Saturday or DayOfWeek.Sunday ? random.Next(8, 18) : random.Next(17, 21)) * 60 + 30 * random.Next(2);
                slots.Add(new WeeklySlot(day, from, Math.Min(1440, from + 60 * random.Next(1, 5))));
            }

            learners.Add(new GroupCandidate(Id(n), random.Next(4) == 0 ? "en" : "fr", random.Next(3, 7), zone, slots));
        }

        return learners;
    }

    /// <summary>First fit in PersonId order: each learner joins the first open group that stays valid.</summary>
    private static List<(List<GroupCandidate> Members, List<UtcWeekInterval> Shared)> FirstFit(IEnumerable<GroupCandidate> learners)
    {
        var groups = new List<(List<GroupCandidate> Members, List<UtcWeekInterval> Shared)>();
        foreach (var learner in learners.OrderBy(l => l.PersonId))
        {
            var free = WeekClock.ToUtc(learner.Slots, learner.TimeZone, Week).ToList();
            var joined = false;
            foreach (var (members, shared) in groups)
            {
                var size = members.Count + 1;
                var both = shared.SelectMany(a => free.Select(b => (From: Math.Max(a.FromMinute, b.FromMinute), To: Math.Min(a.ToMinute, b.ToMinute))))
                    .Where(i => i.From < i.To).Select(i => new UtcWeekInterval(i.From, i.To)).ToList();
                if (members[0].Language == learner.Language && size <= 6
                    && members.Append(learner).All(m => size <= m.GroupSize + 1) && both.Sum(i => i.Minutes) >= 60)
                {
                    members.Add(learner);
                    shared.Clear();
                    shared.AddRange(both);
                    joined = true;
                    break;
                }
            }

            if (!joined)
            {
                groups.Add(([learner], free));
            }
        }

        return [.. groups.Where(g => g.Members.Count >= 3 && g.Members.All(m => g.Members.Count >= m.GroupSize - 1))];
    }

    private static int FirstFitPlaced(IEnumerable<GroupCandidate> learners) => FirstFit(learners).Sum(g => g.Members.Count);

    private static double FirstFitSharedHoursOfFirstGroup(IEnumerable<GroupCandidate> learners) =>
        FirstFit(learners)[0].Shared.Sum(i => i.Minutes) / 60.0;
}
