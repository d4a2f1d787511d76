using System.Globalization;
using SupportBot.Shared.StudyGroups;
using SupportBot.Shared.StudyGroups.Availability;

namespace SupportBot.Tests.StudyGroups;

/// <summary>
/// Phrases learners write, in French and English, and the exact weekly slots they mean. Expected
/// slots are written "Mon-Fri 18:00-22:00; Sat,Sun 09:00-12:00" (days in English, 24 h clock).
/// </summary>
public sealed class AvailabilityParserTests
{
    public static TheoryData<string, string, string> Phrases => new()
    {
        // French
        { "fr", "le dimanche après-midi", "Sun 14:00-18:00" },
        { "fr", "le dimanche après-midi et le jeudi soir après 18h", "Sun 14:00-18:00; Thu 18:00-22:00" },
        { "fr", "lundi, mardi et jeudi de 20h à 22h", "Mon,Tue,Thu 20:00-22:00" },
        { "fr", "du lundi au jeudi de 9h à 11h", "Mon-Thu 09:00-11:00" },
        { "fr", "en semaine le soir", "Mon-Fri 18:00-22:00" },
        { "fr", "le week-end le matin", "Sat,Sun 08:00-12:00" },
        { "fr", "le weekend 9h-12h", "Sat,Sun 09:00-12:00" },
        { "fr", "tous les jours de 7h à 8h", "Mon-Sun 07:00-08:00" },
        { "fr", "tous les soirs sauf le mercredi", "Mon,Tue,Thu,Fri,Sat,Sun 18:00-22:00" },
        { "fr", "le samedi 18h-minuit", "Sat 18:00-24:00" },
        { "fr", "samedi 9h30-11h", "Sat 09:30-11:00" },
        { "fr", "le mardi 17:00-20:30", "Tue 17:00-20:30" },
        { "fr", "jeudi 18h30-20h", "Thu 18:30-20:00" },
        { "fr", "le mercredi entre 14h et 16h", "Wed 14:00-16:00" },
        { "fr", "le vendredi après 18h", "Fri 18:00-24:00" },
        { "fr", "le samedi avant 10h", "Sat 06:00-10:00" },
        { "fr", "le dimanche de midi à 14h", "Sun 12:00-14:00" },
        { "fr", "le lundi midi", "Mon 12:00-14:00" },
        { "fr", "la nuit le samedi", "Sat 22:00-24:00; Sun 00:00-02:00" },
        { "fr", "vendredi de 22h à 2h", "Fri 22:00-24:00; Sat 00:00-02:00" },
        { "fr", "le dimanche de 23h à 1h", "Sun 23:00-24:00; Mon 00:00-01:00" },
        { "fr", "LE DIMANCHE APRES-MIDI", "Sun 14:00-18:00" },
        { "fr", "le mécredi soir", "Wed 18:00-22:00" },
        { "fr", "le jeudi aprés-midi", "Thu 14:00-18:00" },
        { "fr", "lundi matin et vendredi aprem", "Mon 08:00-12:00; Fri 14:00-18:00" },
        { "fr", "le samedi matin et l'après-midi", "Sat 08:00-12:00, 14:00-18:00" },
        { "fr", "le mardi 9h-12h et 14h-17h", "Tue 09:00-12:00, 14:00-17:00" },
        { "fr", "en semaine sauf le mercredi, de 19h à 21h", "Mon,Tue,Thu,Fri 19:00-21:00" },
        { "fr", "le soir en semaine et l’après-midi le week-end", "Mon-Fri 18:00-22:00; Sat,Sun 14:00-18:00" },
        { "fr", "le jeudi soir jusqu'à 23h", "Thu 18:00-23:00" },
        { "fr", "le matin avant 10h le samedi", "Sat 08:00-10:00" },
        { "fr", "de 9h à 11h le samedi", "Sat 09:00-11:00" },
        { "fr", "à partir de 20h le mardi et le jeudi", "Tue,Thu 20:00-24:00" },
        { "fr", "du vendredi au lundi le soir", "Fri,Sat,Sun,Mon 18:00-22:00" },
        { "fr", "lun-mer 18h-20h", "Mon-Wed 18:00-20:00" },
        { "fr", "mardi ; jeudi : 20h-22h", "Tue,Thu 20:00-22:00" },
        { "fr", "le samedi 10 h - 12 h", "Sat 10:00-12:00" },
        { "fr", "le dimanche dès 14h", "Sun 14:00-24:00" },
        { "fr", "samedi et dimanche entre 9 et 11", "Sat,Sun 09:00-11:00" },
        { "fr", "le lundi pendant la pause déjeuner", "Mon 12:00-14:00" },
        { "fr", "7j/7 le soir", "Mon-Sun 18:00-22:00" },
        { "fr", "tous les matins", "Mon-Sun 08:00-12:00" },
        { "fr", "le mercredi de 14h à 18h et le samedi de 9h à 12h", "Wed 14:00-18:00; Sat 09:00-12:00" },
        { "fr", "le jeudi en soirée", "Thu 18:00-22:00" },
        { "fr", "Je suis dispo le mardi de 18 heures à 20 heures", "Tue 18:00-20:00" },
        { "fr", "le soir le lundi et le mercredi", "Mon,Wed 18:00-22:00" },
        { "fr", "le samedi toute la journée", "Sat 09:00-18:00" },
        { "fr", "les lundis 6h-8h", "Mon 06:00-08:00" },
        // English
        { "en", "weekday evenings", "Mon-Fri 18:00-22:00" },
        { "en", "Saturday 9-12", "Sat 09:00-12:00" },
        { "en", "sundays 2pm to 4pm", "Sun 14:00-16:00" },
        { "en", "weekends after 6pm", "Sat,Sun 18:00-24:00" },
        { "en", "mon-wed 7-9pm", "Mon-Wed 19:00-21:00" },
        { "en", "Monday to Thursday from 8pm to 10pm", "Mon-Thu 20:00-22:00" },
        { "en", "every day except wednesday, 6am-8am", "Mon,Tue,Thu,Fri,Sat,Sun 06:00-08:00" },
        { "en", "Tuesday and Thursday mornings", "Tue,Thu 08:00-12:00" },
        { "en", "Friday night", "Fri 22:00-24:00; Sat 00:00-02:00" },
        { "en", "weeknights", "Mon-Fri 18:00-22:00" },
        { "en", "Sunday afternoon and Thursday evening after 6pm", "Sun 14:00-18:00; Thu 18:00-22:00" },
        { "en", "saturdays from noon to 3pm", "Sat 12:00-15:00" },
        { "en", "Wednesday at lunchtime", "Wed 12:00-14:00" },
        { "en", "on weekdays before 9am", "Mon-Fri 06:00-09:00" },
        { "en", "Thursday 17:00-20:30", "Thu 17:00-20:30" },
        { "en", "sunday between 2 and 4pm", "Sun 14:00-16:00" },
        { "en", "mondays 10am-1pm", "Mon 10:00-13:00" },
        { "en", "Tue/Thu 6:30pm-8:30pm", "Tue,Thu 18:30-20:30" },
        { "en", "Saturday 11am-1", "Sat 11:00-13:00" },
        { "en", "Saturday 10pm-1am", "Sat 22:00-24:00; Sun 00:00-01:00" },
        { "en", "every evening", "Mon-Sun 18:00-22:00" },
        { "en", "Sunday from 9 until 11", "Sun 09:00-11:00" },
        { "en", "wednesday 12pm-2pm", "Wed 12:00-14:00" },
        { "en", "Sat 9 a.m. - 12 p.m.", "Sat 09:00-12:00" },
        { "en", "wensday evening", "Wed 18:00-22:00" },
        { "en", "thursay afternoon", "Thu 14:00-18:00" },
        { "en", "SATURDAY MORNING", "Sat 08:00-12:00" },
        { "en", "weekends all day", "Sat,Sun 09:00-18:00" },
        { "en", "monday through friday 7pm to 9pm, and saturday mornings", "Mon-Fri 19:00-21:00; Sat 08:00-12:00" },
        { "en", "Sunday evening until midnight", "Sun 18:00-24:00" },
        { "en", "I'm usually free on Tuesdays 8-10", "Tue 08:00-10:00" },
    };

    public static TheoryData<string, string, string> UnclearPhrases => new()
    {
        { "fr", "ça dépend", "Vos horaires changent" },
        { "fr", "ca depend des semaines", "Vos horaires changent" },
        { "fr", "je ne sais pas", "Vos horaires changent" },
        { "fr", "parfois le dimanche", "Vos horaires changent" },
        { "en", "sometimes on sundays", "Your schedule varies" },
        { "en", "it depends on the week", "Your schedule varies" },
        { "fr", "bonjour", "Je n'ai pas reconnu de jour ni d'heure" },
        { "en", "", "I couldn't find a day or a time" },
        { "fr", "le soir", "Quels jours (18:00–22:00) ?" },
        { "fr", "18h-20h", "Quels jours (18:00–20:00) ?" },
        { "en", "evenings", "Which days (18:00–22:00)?" },
        { "fr", "le dimanche", "À quelle heure, dimanche ?" },
        { "en", "weekdays", "At what time on Monday to Friday?" },
        { "fr", "le dimanche après-midi et le jeudi", "À quelle heure, jeudi ?" },
        { "fr", "jeudi 18h", "À partir de 18:00, jusqu'à quelle heure ?" },
        { "en", "Thursday at 6pm", "From 18:00 until what time?" },
        { "en", "Saturday 2-4", "Do you mean 02:00–04:00 or 14:00–16:00?" },
        { "en", "Monday 9-5", "Do you mean 09:00–17:00?" },
        { "fr", "le lundi de 14h à 12h", "L'heure de fin (12:00) ne vient pas après l'heure de début (14:00)" },
        { "fr", "samedi matin de 15h à 17h", "« le matin » et 15:00–17:00 ne vont pas ensemble" },
        { "fr", "samedi matin après 18h", "« le matin » et « après 18:00 » ne vont pas ensemble" },
        { "en", "weekdays after 9pm before 7pm", "The end (19:00) doesn't come after the start (21:00)" },
        { "fr", "tous les jours sauf tous les jours", "Il ne reste aucun jour" },
        { "fr", "mardi 14h-14h", "L'heure de fin (14:00) ne vient pas après l'heure de début (14:00)" },
    };

    [Theory]
    [MemberData(nameof(Phrases))]
    public void Phrase_becomes_the_exact_weekly_slots(string language, string phrase, string expected)
    {
        var reading = AvailabilityParser.Parse(phrase, language);

        Assert.True(reading.IsClear, $"\"{phrase}\" was unclear: {reading.Question}");
        Assert.Equal(Slots(expected), reading.Slots);
    }

    [Theory]
    [MemberData(nameof(UnclearPhrases))]
    public void Unclear_phrase_gets_a_question_back_and_no_slots(string language, string phrase, string question)
    {
        var reading = AvailabilityParser.Parse(phrase, language);

        Assert.False(reading.IsClear, $"\"{phrase}\" was read as {string.Join("; ", reading.Slots)}");
        Assert.Empty(reading.Slots);
        Assert.Contains(question, reading.Question, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_phrase_set_has_at_least_sixty_phrases_in_both_languages()
    {
        Assert.True(Phrases.Count >= 60);
        Assert.Contains(Phrases, row => (string)row[0] == "fr");
        Assert.Contains(Phrases, row => (string)row[0] == "en");
    }

    [Fact]
    public void Overlapping_and_touching_slots_of_a_day_are_merged()
    {
        var reading = AvailabilityParser.Parse("le lundi de 9h à 11h et de 10h à 12h et de 12h à 13h", "fr");

        Assert.Equal([new WeeklySlot(DayOfWeek.Monday, 540, 780)], reading.Slots);
    }

    /// <summary>"Mon-Fri 18:00-22:00; Sat,Sun 09:00-12:00, 14:00-16:00" as sorted slots.</summary>
    internal static IReadOnlyList<WeeklySlot> Slots(string text)
    {
        var slots = new List<WeeklySlot>();
        foreach (var group in text.Split(';', StringSplitOptions.TrimEntries))
        {
            var space = group.IndexOf(' ', StringComparison.Ordinal);
            var days = DaysOf(group[..space]);
            foreach (var range in group[(space + 1)..].Split(',', StringSplitOptions.TrimEntries))
            {
                var ends = range.Split('-');
                slots.AddRange(days.Select(d => new WeeklySlot(d, Minutes(ends[0]), Minutes(ends[1]))));
            }
        }

        return [.. slots.OrderBy(s => (int)s.Day).ThenBy(s => s.FromMinute)];
    }

    private static IEnumerable<DayOfWeek> DaysOf(string text)
    {
        DayOfWeek[] week = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday, DayOfWeek.Saturday, DayOfWeek.Sunday];
        int Index(string name) => Array.FindIndex(week, d => d.ToString().StartsWith(name, StringComparison.Ordinal));
        foreach (var part in text.Split(','))
        {
            var ends = part.Split('-');
            for (var i = Index(ends[0]); i <= Index(ends[^1]); i++)
            {
                yield return week[i];
            }
        }
    }

    private static int Minutes(string clock) =>
        (int.Parse(clock[..2], CultureInfo.InvariantCulture) * 60) + int.Parse(clock[3..], CultureInfo.InvariantCulture);
}
