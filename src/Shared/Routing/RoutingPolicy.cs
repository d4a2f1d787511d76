using Microsoft.Extensions.Options;
using SupportBot.Shared.Time;

namespace SupportBot.Shared.Routing;

/// <summary>What routing knows about one volunteer when a question comes in.</summary>
/// <param name="TimeZone">IANA name; an unknown zone counts as Europe/Paris.</param>
/// <param name="OpenQuestions">Questions sent to them that are still open and that they have not answered.</param>
/// <param name="QuestionsLast7Days">Questions sent to them in the last seven days (their weekly cap counts these).</param>
/// <param name="AlreadyAsked">They already received this question (a reopened question goes to new peers).</param>
public sealed record PeerCandidate(
    Guid PersonId,
    string TimeZone,
    IReadOnlyList<string> Topics,
    int MaxQuestionsPerWeek,
    TimeOnly? QuietFrom,
    TimeOnly? QuietUntil,
    DateOnly? PausedUntil,
    bool Revoked,
    bool OptedOut,
    bool Bouncing,
    int OpenQuestions,
    int QuestionsLast7Days,
    DateTime? LastAskedAt,
    bool AlreadyAsked);

public sealed record RoutingRequest(Guid? AskerId, string? Topic);

/// <summary>Who gets the question: peers, or when none is available the tutors; and why each other volunteer was left out.</summary>
public sealed record RoutingDecision(IReadOnlyList<Guid> Peers, IReadOnlyList<Guid> Tutors, IReadOnlyDictionary<Guid, PeerExclusion> Excluded);

public enum PeerExclusion
{
    Asker,
    Revoked,
    OptedOut,
    Bouncing,
    AlreadyAsked,
    Paused,
    OtherTopic,
    WeeklyCapReached,
    Busy,
    Asleep,
    QuietHours,
    EnoughPeers,
}

/// <summary>
/// Picks the volunteers a question goes to. Pure: data and the clock in, a decision out.
/// Eligible: not the asker, consenting (not revoked, not opted out, address not bouncing), not
/// paused, on the topic (any topic when the question has none), under their weekly cap and
/// open-question limit, awake in their own time zone and outside their quiet hours. Among the
/// eligible, the least loaded first, then whoever was asked least recently, so the work spreads.
/// None eligible: the module's tutors.
/// </summary>
public sealed class RoutingPolicy(IOptions<RoutingOptions> options, TimeProvider clock)
{

    public RoutingDecision Decide(RoutingRequest request, IReadOnlyList<PeerCandidate> candidates, IReadOnlyList<Guid> tutors)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(tutors);
        var o = options.Value;
        var now = clock.GetUtcNow();
        var excluded = new Dictionary<Guid, PeerExclusion>();
        var eligible = new List<PeerCandidate>();
        foreach (var peer in candidates)
        {
            if (Exclusion(peer, request, now, o) is { } reason)
            {
                excluded[peer.PersonId] = reason;
            }
            else
            {
                eligible.Add(peer);
            }
        }

        var ordered = eligible
            .OrderBy(p => p.OpenQuestions)
            .ThenBy(p => p.LastAskedAt ?? DateTime.MinValue)
            .ThenBy(p => p.QuestionsLast7Days)
            .ThenBy(p => p.PersonId)
            .ToList();
        var picked = ordered.Take(o.PeersPerQuestion).Select(p => p.PersonId).ToList();
        foreach (var rest in ordered.Skip(o.PeersPerQuestion))
        {
            excluded[rest.PersonId] = PeerExclusion.EnoughPeers;
        }

        var fallback = picked.Count > 0 ? [] : tutors.Where(t => t != request.AskerId).Distinct().ToList();
        return new RoutingDecision(picked, fallback, excluded);
    }

    private static PeerExclusion? Exclusion(PeerCandidate peer, RoutingRequest request, DateTimeOffset now, RoutingOptions o)
    {
        if (peer.PersonId == request.AskerId)
        {
            return PeerExclusion.Asker;
        }

        if (peer.Revoked)
        {
            return PeerExclusion.Revoked;
        }

        if (peer.OptedOut)
        {
            return PeerExclusion.OptedOut;
        }

        if (peer.Bouncing)
        {
            return PeerExclusion.Bouncing;
        }

        if (peer.AlreadyAsked)
        {
            return PeerExclusion.AlreadyAsked;
        }

        var local = TimeZoneInfo.ConvertTime(now, ZoneOf(peer.TimeZone));
        if (peer.PausedUntil is { } paused && DateOnly.FromDateTime(local.DateTime) <= paused)
        {
            return PeerExclusion.Paused;
        }

        if (!string.IsNullOrWhiteSpace(request.Topic) && !peer.Topics.Contains(request.Topic.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            return PeerExclusion.OtherTopic;
        }

        if (peer.QuestionsLast7Days >= peer.MaxQuestionsPerWeek)
        {
            return PeerExclusion.WeeklyCapReached;
        }

        if (peer.OpenQuestions >= o.MaxOpenPerPeer)
        {
            return PeerExclusion.Busy;
        }

        var time = TimeOnly.FromDateTime(local.DateTime);
        if (!IsWithin(time, o.AwakeFrom, o.AwakeUntil))
        {
            return PeerExclusion.Asleep;
        }

        if (peer.QuietFrom is { } from && peer.QuietUntil is { } until && IsWithin(time, from, until))
        {
            return PeerExclusion.QuietHours;
        }

        return null;
    }

    /// <summary>[from, until), wrapping midnight when until is earlier than from; empty when equal.</summary>
    internal static bool IsWithin(TimeOnly time, TimeOnly from, TimeOnly until) =>
        from < until ? time >= from && time < until
        : from > until && (time >= from || time < until);

    internal static TimeZoneInfo ZoneOf(string? name) => WallClock.ZoneOrDefault(name);
}
