namespace SupportBot.Shared.StudyGroups.Groups;

/// <summary>
/// What learners write (or click) about their group, in one place: the messages quote them and the
/// chat turn recognises them, so the two never drift.
/// </summary>
public static class GroupPhrases
{
    public static string Accept(string language) => language == "en" ? "I accept" : "J'accepte";

    public static string Decline(string language) => language == "en" ? "Decline" : "Je refuse";

    /// <summary>The button's text: names the group, so a learner with two proposals answers the right one.</summary>
    public static string AcceptGroup(string language, string code) => language == "en" ? $"I accept group {code}" : $"J'accepte le groupe {code}";

    public static string DeclineGroup(string language, string code) => language == "en" ? $"Decline group {code}" : $"Je refuse le groupe {code}";

    public static string Leave(string language) => language == "en" ? "leave my group" : "quitter mon groupe";

    public static string StopReminders(string language) => language == "en" ? "no reminders" : "stop rappels";

    public static string ResumeReminders(string language) => language == "en" ? "reminders on" : "reprendre les rappels";
}
