namespace SupportBot.Shared.StudyGroups.Availability;

/// <summary>
/// A named part of the day and the hours it stands for. These defaults are what the bot repeats
/// back before anything is stored, so a learner who means something else changes it right away:
/// <list type="bullet">
/// <item>matin, matinée / morning: 08:00–12:00</item>
/// <item>midi, pause déjeuner / lunchtime, noon (alone): 12:00–14:00</item>
/// <item>après-midi / afternoon: 14:00–18:00</item>
/// <item>soir, soirée / evening: 18:00–22:00</item>
/// <item>nuit / night: 22:00–02:00 (across midnight: two slots)</item>
/// <item>en journée, toute la journée / during the day, all day: 09:00–18:00</item>
/// </list>
/// "after 18h" alone runs to midnight; "before 10h" alone starts at 06:00.
/// </summary>
public enum PartOfDay
{
    Morning,
    Lunchtime,
    Afternoon,
    Evening,
    Night,
    Daytime,
}

public static class PartsOfDay
{
    /// <summary>Earliest hour "before 10h" alone is read from: nobody means "from midnight".</summary>
    public const int EarliestStart = 6 * 60;

    /// <summary>Minutes after midnight; <c>To</c> may pass 1440 (night ends the next day).</summary>
    public static (int From, int To) Hours(PartOfDay part) => part switch
    {
        PartOfDay.Morning => (8 * 60, 12 * 60),
        PartOfDay.Lunchtime => (12 * 60, 14 * 60),
        PartOfDay.Afternoon => (14 * 60, 18 * 60),
        PartOfDay.Evening => (18 * 60, 22 * 60),
        PartOfDay.Night => (22 * 60, 26 * 60),
        PartOfDay.Daytime => (9 * 60, 18 * 60),
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    public static string Name(PartOfDay part, string language) => (part, language == "en") switch
    {
        (PartOfDay.Morning, false) => "le matin",
        (PartOfDay.Morning, true) => "in the morning",
        (PartOfDay.Lunchtime, false) => "le midi",
        (PartOfDay.Lunchtime, true) => "at lunchtime",
        (PartOfDay.Afternoon, false) => "l'après-midi",
        (PartOfDay.Afternoon, true) => "in the afternoon",
        (PartOfDay.Evening, false) => "le soir",
        (PartOfDay.Evening, true) => "in the evening",
        (PartOfDay.Night, false) => "la nuit",
        (PartOfDay.Night, true) => "at night",
        (PartOfDay.Daytime, false) => "en journée",
        _ => "during the day",
    };
}
