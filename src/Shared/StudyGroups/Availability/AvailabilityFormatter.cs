using System.Globalization;

namespace SupportBot.Shared.StudyGroups.Availability;

/// <summary>
/// Renders weekly slots back to the learner: "du lundi au vendredi 18:00–22:00 ; samedi
/// 09:00–12:00". Adjacent slots of a day are merged and days with the same hours are grouped;
/// the week starts on Monday, as learners in France and its overseas regions read it.
/// </summary>
public static class AvailabilityFormatter
{
    private static readonly DayOfWeek[] MondayFirst =
        [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];

    private static readonly string[] French = ["dimanche", "lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi"];

    public static string Format(IReadOnlyList<WeeklySlot> slots, string language)
    {
        ArgumentNullException.ThrowIfNull(slots);
        var english = language == "en";
        var merged = AvailabilityParser.Normalise(slots);
        if (merged.Count == 0)
        {
            return english ? "no time slot" : "aucun créneau";
        }

        // Days sharing exactly the same hours are said once: "lundi, mardi et jeudi 20:00–22:00".
        var byHours = new List<(string Hours, int Days)>();
        foreach (var day in MondayFirst)
        {
            var ranges = merged.Where(s => s.Day == day).Select(s => Range(s.FromMinute, s.ToMinute)).ToList();
            if (ranges.Count == 0)
            {
                continue;
            }

            var hours = string.Join(", ", ranges);
            var index = byHours.FindIndex(g => g.Hours == hours);
            if (index >= 0)
            {
                byHours[index] = (hours, byHours[index].Days | (1 << (int)day));
            }
            else
            {
                byHours.Add((hours, 1 << (int)day));
            }
        }

        return string.Join(english ? "; " : " ; ", byHours.Select(g => $"{Days(g.Days, language)} {g.Hours}"));
    }

    /// <summary>A set of days (bit mask by <see cref="DayOfWeek"/>): "tous les jours", "du lundi au jeudi", "lundi, mardi et jeudi".</summary>
    public static string Days(int mask, string language)
    {
        var english = language == "en";
        var days = MondayFirst.Where(d => (mask & (1 << (int)d)) != 0).ToList();
        if (days.Count == 7)
        {
            return english ? "every day" : "tous les jours";
        }

        var first = Array.IndexOf(MondayFirst, days[0]);
        var consecutive = days.Count >= 3 && days.Select((d, i) => MondayFirst[first + i] == d).All(x => x);
        if (consecutive)
        {
            return english ? $"{Name(days[0], language)} to {Name(days[^1], language)}" : $"du {Name(days[0], language)} au {Name(days[^1], language)}";
        }

        var names = days.Select(d => Name(d, language)).ToList();
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names.Take(names.Count - 1))} {(english ? "and" : "et")} {names[^1]}";
    }

    public static string Name(DayOfWeek day, string language) =>
        language == "en" ? day.ToString() : French[(int)day];

    /// <summary>"14:00–18:00"; the end of the day is 24:00.</summary>
    public static string Range(int fromMinute, int toMinute) => $"{Clock(fromMinute)}–{Clock(toMinute)}";

    public static string Clock(int minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{minute / 60:00}:{minute % 60:00}");
}
