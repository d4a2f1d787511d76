namespace SupportBot.Jobs.Routing;

public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>A learner who has not come back to the chat this long after an answer was relayed gets it by email too.</summary>
    public TimeSpan EmailCopyAfter { get; set; } = TimeSpan.FromHours(2);
}
