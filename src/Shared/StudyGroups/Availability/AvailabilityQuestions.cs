namespace SupportBot.Shared.StudyGroups.Availability;

/// <summary>The questions asked back, in the learner's language, with an example they can copy.</summary>
internal sealed class AvailabilityQuestions(bool english)
{
    private string Say(string french, string englishText) => english ? englishText : french;

    public string NothingFound() => Say(
        "Je n'ai pas reconnu de jour ni d'heure. Quand travaillez-vous d'habitude ? Par exemple « le mardi soir » ou « samedi 9h-12h ».",
        "I couldn't find a day or a time in that. When do you usually study? For example \"Tuesday evenings\" or \"Saturday 9-12\".");

    public string Varies() => Say(
        "Vos horaires changent, je comprends. Quel moment revient le plus souvent dans la semaine ? Par exemple « le dimanche après-midi ».",
        "Your schedule varies, I understand. Which time comes back most weeks? For example \"Sunday afternoons\".");

    public string NoDayLeft() => Say(
        "Il ne reste aucun jour une fois les exceptions retirées. Quels jours êtes-vous disponible ?",
        "No day is left once the exceptions are removed. Which days are you free?");

    public string WhichDays(List<(int From, int To)> ranges) => Say(
        $"Quels jours ({Hours(ranges)}) ? Par exemple « en semaine », « le week-end », « tous les jours » ou « le mardi et le jeudi ».",
        $"Which days ({Hours(ranges)})? For example \"weekdays\", \"weekends\", \"every day\" or \"Tuesday and Thursday\".");

    public string WhatTime(int days) => Say(
        $"À quelle heure, {AvailabilityFormatter.Days(days, "fr")} ? Par exemple « 18h-20h » ou « le soir ».",
        $"At what time on {AvailabilityFormatter.Days(days, "en")}? For example \"6pm-8pm\" or \"evenings\".");

    public string Ask(AvailabilityParser.Problem problem) => problem switch
    {
        AvailabilityParser.Problem.SingleTime p => Say(
            $"À partir de {Clock(p.Minute)}, jusqu'à quelle heure ? Par exemple « {p.Minute / 60}h-{(p.Minute / 60) + 2}h ».",
            $"From {Clock(p.Minute)} until what time? For example \"{Clock(p.Minute)}-{Clock(Math.Min(p.Minute + 120, 1440))}\"."),
        AvailabilityParser.Problem.AmOrPm p => Say(
            $"Vous voulez dire {Range(p.From, p.To)} ou {Range(p.From + 720, p.To + 720)} ?",
            $"Do you mean {Range(p.From, p.To)} or {Range(p.From + 720, p.To + 720)}?"),
        AvailabilityParser.Problem.MaybeAfternoon p => Say(
            $"Voulez-vous dire {Range(p.From, p.To)} ? Écrivez les heures sur 24 h, par exemple « {p.From / 60}h-{p.To / 60}h ».",
            $"Do you mean {Range(p.From, p.To)}? Please add am/pm, for example \"{Twelve(p.From)}-{Twelve(p.To)}\"."),
        AvailabilityParser.Problem.EndBeforeStart p => Say(
            $"L'heure de fin ({Clock(p.To)}) ne vient pas après l'heure de début ({Clock(p.From)}). Quel créneau voulez-vous dire ?",
            $"The end ({Clock(p.To)}) doesn't come after the start ({Clock(p.From)}). Which hours do you mean?"),
        AvailabilityParser.Problem.PartVersusRange p => Clash(p.Part, Range(p.From, p.To), Range(p.From, p.To)),
        AvailabilityParser.Problem.PartVersusBound p => Clash(p.Part, $"« {Bound(p, "fr")} »", $"\"{Bound(p, "en")}\""),
        _ => NothingFound(),
    };

    /// <summary>A part of the day and hours that contradict it: ask, never pick one.</summary>
    private string Clash(PartOfDay part, string frenchOther, string englishOther) => Say(
        $"« {PartsOfDay.Name(part, "fr")} » et {frenchOther} ne vont pas ensemble : quelles heures voulez-vous dire ?",
        $"\"{PartsOfDay.Name(part, "en")}\" and {englishOther} don't go together: which hours do you mean?");

    private static string Bound(AvailabilityParser.Problem.PartVersusBound p, string language) => (p.After, language) switch
    {
        ({ } a, "fr") => $"après {Clock(a)}",
        ({ } a, _) => $"after {Clock(a)}",
        (null, "fr") => $"avant {Clock(p.Before ?? 0)}",
        _ => $"before {Clock(p.Before ?? 0)}",
    };

    private static string Hours(List<(int From, int To)> ranges) =>
        string.Join(", ", ranges.Select(r => Range(r.From, r.To)));

    private static string Range(int from, int to) => AvailabilityFormatter.Range(from, to > WeeklySlot.MinutesPerDay ? to - WeeklySlot.MinutesPerDay : to);

    private static string Clock(int minute) => AvailabilityFormatter.Clock(minute);

    private static string Twelve(int minute)
    {
        var hour = minute / 60 % 24;
        return $"{(hour % 12 == 0 ? 12 : hour % 12)}{(hour < 12 ? "am" : "pm")}";
    }
}
