namespace SupportBot.Shared.Routing;

/// <summary>
/// Why no volunteer got a question, in one word the chat and the tutor's email can say: the cause
/// that kept most of the module's volunteers out (the asker themselves does not count).
/// </summary>
public static class NoVolunteerCauses
{
    /// <summary>The module has no volunteer (or only the asker).</summary>
    public const string NoneInModule = "none";

    /// <summary>It is night (or their quiet hours) where they live.</summary>
    public const string Asleep = "asleep";

    /// <summary>They reached their weekly number of questions, or have enough in hand.</summary>
    public const string Busy = "busy";

    /// <summary>None of them helps with this topic.</summary>
    public const string OtherTopic = "topic";

    /// <summary>Paused, stopped, or their address bounces.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>Every volunteer of the module already had this question (a reopened one).</summary>
    public const string AllAsked = "all_asked";

    public static string Of(RoutingDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var causes = decision.Excluded.Values
            .Where(e => e != PeerExclusion.Asker)
            .Select(Cause)
            .GroupBy(c => c)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key == AllAsked ? 1 : 0)
            .Select(g => g.Key)
            .ToList();
        return causes.Count == 0 ? NoneInModule : causes[0];
    }

    private static string Cause(PeerExclusion exclusion) => exclusion switch
    {
        PeerExclusion.Asleep or PeerExclusion.QuietHours => Asleep,
        PeerExclusion.WeeklyCapReached or PeerExclusion.Busy or PeerExclusion.EnoughPeers => Busy,
        PeerExclusion.OtherTopic => OtherTopic,
        PeerExclusion.AlreadyAsked => AllAsked,
        _ => Unavailable,
    };

    /// <summary>"no_volunteer/asleep" gives "asleep"; any other reason gives null.</summary>
    public static string? FromReason(string? reason) =>
        reason is not null && reason.StartsWith(RecipientReasons.NoVolunteer + "/", StringComparison.Ordinal)
            ? reason[(RecipientReasons.NoVolunteer.Length + 1)..]
            : null;
}
