namespace SupportBot.Shared.Email.Outgoing;

/// <summary>What a person can opt out of (supportbot.email_preferences.category).</summary>
public static class EmailCategories
{
    public const string RoutedQuestions = "routed_questions";
    public const string Campaigns = "campaigns";
    public const string Digests = "digests";
    public const string Nudges = "nudges";

    /// <summary>Study-group proposals, introductions, updates and reminders (#8).</summary>
    public const string StudyGroups = "study_groups";

    /// <summary>In a fixed order: a category's index is part of unsubscribe tokens.</summary>
    public static IReadOnlyList<string> All { get; } = [RoutedQuestions, Campaigns, Digests, Nudges, StudyGroups];

    public static bool IsKnown(string category) => All.Contains(category);
}
