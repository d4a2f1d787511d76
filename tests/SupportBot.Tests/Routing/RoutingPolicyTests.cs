using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SupportBot.Shared.Routing;

namespace SupportBot.Tests.Routing;

public sealed class RoutingPolicyTests
{
    // 10 March 2026, 09:00 UTC (before Europe's summer time): Paris 10:00, Martinique 05:00,
    // Réunion 13:00, Nouméa 20:00.
    private static readonly DateTimeOffset Morning = new(2026, 3, 10, 9, 0, 0, TimeSpan.Zero);

    // 19:30 UTC: Paris 20:30, Martinique 15:30, Réunion 23:30, Nouméa 06:30 the next day.
    private static readonly DateTimeOffset Evening = new(2026, 3, 10, 19, 30, 0, TimeSpan.Zero);

    private static readonly Guid Asker = Guid.Parse("00000000-0000-0000-0000-0000000000aa");
    private static readonly Guid Tutor = Guid.Parse("00000000-0000-0000-0000-0000000000ee");

    private static PeerCandidate Peer(int n, string zone = "Europe/Paris", string[]? topics = null) => new(
        Guid.Parse($"00000000-0000-0000-0000-{n:D12}"), zone, topics ?? ["technical"], MaxQuestionsPerWeek: 3,
        QuietFrom: null, QuietUntil: null, PausedUntil: null, Revoked: false, OptedOut: false, Bouncing: false,
        OpenQuestions: 0, QuestionsLast7Days: 0, LastAskedAt: null, AlreadyAsked: false);

    private static RoutingDecision Decide(DateTimeOffset now, string? topic, IReadOnlyList<PeerCandidate> peers, RoutingOptions? options = null) =>
        new RoutingPolicy(Options.Create(options ?? new RoutingOptions()), new FakeTimeProvider(now))
            .Decide(new RoutingRequest(Asker, topic), peers, [Tutor, Asker]);

    [Fact]
    public void Picks_three_peers_by_default_and_says_the_others_were_not_needed()
    {
        var peers = Enumerable.Range(1, 5).Select(n => Peer(n)).ToList();

        var decision = Decide(Morning, "technical", peers);

        Assert.Equal(3, decision.Peers.Count);
        Assert.Empty(decision.Tutors);
        Assert.Equal(2, decision.Excluded.Values.Count(r => r == PeerExclusion.EnoughPeers));
    }

    [Fact]
    public void Number_of_peers_follows_the_option()
    {
        var decision = Decide(Morning, null, Enumerable.Range(1, 5).Select(n => Peer(n)).ToList(), new RoutingOptions { PeersPerQuestion = 1 });

        Assert.Single(decision.Peers);
    }

    [Fact]
    public void Only_volunteers_of_the_question_topic_are_asked_ignoring_case()
    {
        var exams = Peer(1, topics: ["Exams"]);
        var technical = Peer(2, topics: ["technical"]);

        var decision = Decide(Morning, "exams", [exams, technical]);

        Assert.Equal([exams.PersonId], decision.Peers);
        Assert.Equal(PeerExclusion.OtherTopic, decision.Excluded[technical.PersonId]);
    }

    [Fact]
    public void A_question_without_topic_goes_to_volunteers_of_any_topic()
    {
        var decision = Decide(Morning, null, [Peer(1, topics: ["exams"]), Peer(2, topics: [])]);

        Assert.Equal(2, decision.Peers.Count);
    }

    [Fact]
    public void Least_loaded_volunteers_come_first_and_busy_ones_are_left_out()
    {
        var two = Peer(1) with { OpenQuestions = 2 };
        var one = Peer(2) with { OpenQuestions = 1 };
        var none = Peer(3) with { OpenQuestions = 0 };

        var decision = Decide(Morning, "technical", [two, one, none], new RoutingOptions { PeersPerQuestion = 3, MaxOpenPerPeer = 2 });

        Assert.Equal([none.PersonId, one.PersonId], decision.Peers);
        Assert.Equal(PeerExclusion.Busy, decision.Excluded[two.PersonId]);
    }

    [Fact]
    public void Weekly_cap_counts_the_last_seven_days()
    {
        var capped = Peer(1) with { MaxQuestionsPerWeek = 2, QuestionsLast7Days = 2 };
        var under = Peer(2) with { MaxQuestionsPerWeek = 2, QuestionsLast7Days = 1 };

        var decision = Decide(Morning, "technical", [capped, under]);

        Assert.Equal([under.PersonId], decision.Peers);
        Assert.Equal(PeerExclusion.WeeklyCapReached, decision.Excluded[capped.PersonId]);
    }

    [Fact]
    public void Fairness_asks_the_never_asked_then_the_least_recently_asked()
    {
        var yesterday = Peer(1) with { LastAskedAt = Morning.UtcDateTime.AddDays(-1) };
        var lastWeek = Peer(2) with { LastAskedAt = Morning.UtcDateTime.AddDays(-8) };
        var never = Peer(3);

        var decision = Decide(Morning, null, [yesterday, lastWeek, never], new RoutingOptions { PeersPerQuestion = 2 });

        Assert.Equal([never.PersonId, lastWeek.PersonId], decision.Peers);
    }

    [Fact]
    public void In_the_paris_morning_martinique_is_asleep_while_reunion_and_noumea_are_awake()
    {
        var paris = Peer(1, "Europe/Paris");
        var martinique = Peer(2, "America/Martinique");
        var reunion = Peer(3, "Indian/Reunion");
        var noumea = Peer(4, "Pacific/Noumea");

        var decision = Decide(Morning, null, [paris, martinique, reunion, noumea]);

        Assert.Equal(PeerExclusion.Asleep, decision.Excluded[martinique.PersonId]);
        Assert.Equal(new HashSet<Guid> { paris.PersonId, reunion.PersonId, noumea.PersonId }, decision.Peers.ToHashSet());
    }

    [Fact]
    public void In_the_paris_evening_only_paris_and_martinique_are_awake()
    {
        var paris = Peer(1, "Europe/Paris");
        var martinique = Peer(2, "America/Martinique");
        var reunion = Peer(3, "Indian/Reunion");
        var noumea = Peer(4, "Pacific/Noumea");

        var decision = Decide(Evening, null, [paris, martinique, reunion, noumea]);

        Assert.Equal(new HashSet<Guid> { paris.PersonId, martinique.PersonId }, decision.Peers.ToHashSet());
        Assert.Equal(PeerExclusion.Asleep, decision.Excluded[reunion.PersonId]);
        Assert.Equal(PeerExclusion.Asleep, decision.Excluded[noumea.PersonId]);
    }

    [Fact]
    public void Awake_hours_follow_the_options()
    {
        var martinique = Peer(1, "America/Martinique");

        var decision = Decide(Morning, null, [martinique], new RoutingOptions { AwakeFrom = new TimeOnly(5, 0), AwakeUntil = new TimeOnly(22, 0) });

        Assert.Equal([martinique.PersonId], decision.Peers);
    }

    [Fact]
    public void Quiet_hours_that_wrap_midnight_are_respected_in_noumea()
    {
        // Nouméa 20:00, inside 19:00-07:00.
        var quiet = Peer(1, "Pacific/Noumea") with { QuietFrom = new TimeOnly(19, 0), QuietUntil = new TimeOnly(7, 0) };
        var notQuiet = Peer(2, "Pacific/Noumea") with { QuietFrom = new TimeOnly(22, 0), QuietUntil = new TimeOnly(7, 0) };

        var decision = Decide(Morning, null, [quiet, notQuiet]);

        Assert.Equal(PeerExclusion.QuietHours, decision.Excluded[quiet.PersonId]);
        Assert.Equal([notQuiet.PersonId], decision.Peers);
    }

    [Fact]
    public void Quiet_hours_within_a_day_are_respected_in_reunion()
    {
        // Réunion 13:00, inside 12:00-14:00 (lunch), outside 14:00-16:00.
        var lunch = Peer(1, "Indian/Reunion") with { QuietFrom = new TimeOnly(12, 0), QuietUntil = new TimeOnly(14, 0) };
        var afternoon = Peer(2, "Indian/Reunion") with { QuietFrom = new TimeOnly(14, 0), QuietUntil = new TimeOnly(16, 0) };

        var decision = Decide(Morning, null, [lunch, afternoon]);

        Assert.Equal(PeerExclusion.QuietHours, decision.Excluded[lunch.PersonId]);
        Assert.Equal([afternoon.PersonId], decision.Peers);
    }

    [Fact]
    public void Paused_volunteers_are_left_out_until_the_end_of_their_pause_day_in_their_time_zone()
    {
        var allDay = new RoutingOptions { AwakeFrom = new TimeOnly(0, 0), AwakeUntil = new TimeOnly(23, 59, 59) };
        // 14:00 UTC on 10 March is already 01:00 on 11 March in Nouméa, still 10 March in Martinique.
        var at = new DateTimeOffset(2026, 3, 10, 14, 0, 0, TimeSpan.Zero);
        var noumea = Peer(1, "Pacific/Noumea") with { PausedUntil = new DateOnly(2026, 3, 10) };
        var martinique = Peer(2, "America/Martinique") with { PausedUntil = new DateOnly(2026, 3, 10) };

        var decision = Decide(at, null, [noumea, martinique], allDay);

        Assert.Equal([noumea.PersonId], decision.Peers);
        Assert.Equal(PeerExclusion.Paused, decision.Excluded[martinique.PersonId]);
    }

    [Fact]
    public void Revoked_opted_out_bouncing_and_already_asked_volunteers_are_never_asked()
    {
        var revoked = Peer(1) with { Revoked = true };
        var optedOut = Peer(2) with { OptedOut = true };
        var bouncing = Peer(3) with { Bouncing = true };
        var asked = Peer(4) with { AlreadyAsked = true };
        var fine = Peer(5);

        var decision = Decide(Morning, null, [revoked, optedOut, bouncing, asked, fine]);

        Assert.Equal([fine.PersonId], decision.Peers);
        Assert.Equal(PeerExclusion.Revoked, decision.Excluded[revoked.PersonId]);
        Assert.Equal(PeerExclusion.OptedOut, decision.Excluded[optedOut.PersonId]);
        Assert.Equal(PeerExclusion.Bouncing, decision.Excluded[bouncing.PersonId]);
        Assert.Equal(PeerExclusion.AlreadyAsked, decision.Excluded[asked.PersonId]);
    }

    [Fact]
    public void The_asker_is_never_asked_even_as_a_volunteer()
    {
        var asker = Peer(1) with { PersonId = Asker };

        var decision = Decide(Morning, null, [asker, Peer(2)]);

        Assert.Equal(PeerExclusion.Asker, decision.Excluded[Asker]);
        Assert.DoesNotContain(Asker, decision.Peers);
    }

    [Fact]
    public void No_volunteer_available_sends_the_question_to_the_module_tutors_but_never_to_the_asker()
    {
        var decision = Decide(Morning, null, [Peer(1, "America/Martinique")]);

        Assert.Empty(decision.Peers);
        Assert.Equal([Tutor], decision.Tutors);
    }

    [Theory]
    [InlineData("10:00", "08:00", "21:00", true)]
    [InlineData("21:00", "08:00", "21:00", false)]
    [InlineData("07:59", "08:00", "21:00", false)]
    [InlineData("23:30", "22:00", "07:00", true)]
    [InlineData("06:59", "22:00", "07:00", true)]
    [InlineData("07:00", "22:00", "07:00", false)]
    [InlineData("12:00", "12:00", "12:00", false)]
    public void Time_windows_are_half_open_and_may_wrap_midnight(string time, string from, string until, bool inside)
    {
        Assert.Equal(inside, RoutingPolicy.IsWithin(TimeOnly.Parse(time), TimeOnly.Parse(from), TimeOnly.Parse(until)));
    }
}
