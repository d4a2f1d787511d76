namespace SupportBot.Bot.Turns;

/// <summary>The sign-up dialog's buttons, kept apart from <see cref="ChatButtons"/> so study-group work merges cleanly.</summary>
internal static class StudyGroupButtons
{
    public static readonly ChatButtons.Bilingual ThatsRight = new("Oui, c'est ça", "Yes, that's right");
    public static readonly ChatButtons.Bilingual Change = new("Changer", "Change");
    public static readonly ChatButtons.Bilingual AllGood = new("C'est bon", "All good");
    public static readonly ChatButtons.Bilingual KeepTimes = new("Garder mes horaires", "Keep my times");

    /// <summary>The group's language is chosen by its own name, whatever the chat's language.</summary>
    public const string French = "Français";
    public const string English = "English";

    public static readonly string[] Sizes = ["3", "4", "5", "6"];
}
