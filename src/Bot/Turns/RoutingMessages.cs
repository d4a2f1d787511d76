using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// What the chat says after routing, from what routing really did (<see cref="RoutingReport"/>):
/// how many volunteers of which module, or which tutor and why no volunteer, in the learner's language.
/// </summary>
internal static class RoutingMessages
{
    private const string HowToFollowUpFr = " Vous pouvez ajouter des précisions en commençant votre message par « détails : », ou écrire « annuler ma question ».";
    private const string HowToFollowUpEn = " You can add details by starting a message with \"details:\", or write \"cancel my question\".";

    public static string Routed(TurnContext turn, RoutingReport report, bool stillStuck)
    {
        if (report.Skipped is not null || report.Recipients.Count == 0)
        {
            return turn.Say(
                "Je n'ai trouvé personne à qui transmettre votre question pour le moment (ni volontaire ni tuteur·rice pour votre module). Écrivez directement à l'équipe de votre cours.",
                "I found nobody to send your question to right now (no volunteer and no tutor for your module). Please write to your course team directly.");
        }

        var module = report.ModuleTitle;
        var peers = report.Peers.Count;
        var attached = stillStuck && report.EarlierAnswers > 0;
        if (peers > 0)
        {
            var fr = stillStuck
                ? $"Compris : je l'ai transmise à {Volunteers(peers, "fr", other: true)}{Of(module, "fr")}{(attached ? ", avec la réponse déjà reçue" : "")}. Je vous écris ici dès que l'un d'eux répond."
                : $"C'est transmis à {Volunteers(peers, "fr", other: false)}{Of(module, "fr")}. Je vous écris ici dès qu'un pair répond (en général dans la journée).";
            var en = stillStuck
                ? $"Understood: I've sent it to {Volunteers(peers, "en", other: true)}{Of(module, "en")}{(attached ? ", with the answer you already got" : "")}. I'll write here as soon as one of them answers."
                : $"Done! I've sent it to {Volunteers(peers, "en", other: false)}{Of(module, "en")}. I'll write here as soon as one of them answers (usually within a day).";
            return turn.Say(fr + HowToFollowUpFr, en + HowToFollowUpEn);
        }

        var names = Names(report.Tutors.Select(t => t.FirstName).Distinct().ToList(), turn.Language);
        var admins = report.Tutors.All(t => t.Role == "admin");
        var plural = report.Tutors.Count > 1;
        var whoFr = admins ? $"l'équipe du cours ({names})" : plural ? $"vos tuteur·rices, {names}" : $"votre tuteur·rice, {names}";
        var whoEn = admins ? $"the course team ({names})" : plural ? $"your tutors, {names}" : $"your tutor, {names}";
        if (stillStuck)
        {
            return turn.Say(
                $"Compris : aucun autre volontaire n'est disponible, je l'ai transmise à {whoFr}{(attached ? ", avec la réponse déjà reçue" : "")}. Je vous écris ici dès qu'il y a une réponse." + HowToFollowUpFr,
                $"Understood: no other volunteer is available, so I've sent it to {whoEn}{(attached ? ", with the answer you already got" : "")}. I'll write here as soon as there is an answer." + HowToFollowUpEn);
        }

        if (module is null)
        {
            return turn.Say(
                $"Je l'ai transmise à {whoFr}, car vous n'êtes inscrit·e dans aucun module. Je vous écris ici dès qu'il y a une réponse." + HowToFollowUpFr,
                $"I've sent it to {whoEn}, as you are not enrolled in any module. I'll write here as soon as there is an answer." + HowToFollowUpEn);
        }

        return turn.Say(
            $"Aucun volontaire n'est disponible en ce moment{Cause(report.NoVolunteerCause, "fr")} ; je l'ai transmise à {whoFr}. Je vous écris ici dès qu'il y a une réponse." + HowToFollowUpFr,
            $"No volunteer is available right now{Cause(report.NoVolunteerCause, "en")}; I've sent it to {whoEn}. I'll write here as soon as there is an answer." + HowToFollowUpEn);
    }

    private static string Volunteers(int count, string language, bool other) => (language, count, other) switch
    {
        ("fr", 1, false) => "1 volontaire",
        ("fr", 1, true) => "1 autre volontaire",
        ("fr", _, false) => $"{count} volontaires",
        ("fr", _, true) => $"{count} autres volontaires",
        (_, 1, false) => "1 volunteer",
        (_, 1, true) => "1 other volunteer",
        (_, _, false) => $"{count} volunteers",
        _ => $"{count} other volunteers",
    };

    private static string Of(string? module, string language) =>
        module is null ? "" : language == "fr" ? $" de « {module} »" : $" of {module}";

    private static string Cause(string? cause, string language) => (cause, language) switch
    {
        (NoVolunteerCauses.Asleep, "fr") => " (c'est la nuit pour eux)",
        (NoVolunteerCauses.Asleep, _) => " (it's night for them)",
        (NoVolunteerCauses.Busy, "fr") => " (ils ont déjà assez de questions cette semaine)",
        (NoVolunteerCauses.Busy, _) => " (they already have enough questions this week)",
        (NoVolunteerCauses.OtherTopic, "fr") => " (aucun n'aide sur ce thème)",
        (NoVolunteerCauses.OtherTopic, _) => " (none of them helps with this topic)",
        (NoVolunteerCauses.NoneInModule, "fr") => " (ce module n'a pas encore de volontaire)",
        (NoVolunteerCauses.NoneInModule, _) => " (this module has no volunteer yet)",
        (NoVolunteerCauses.Unavailable, "fr") => " (ils sont en pause)",
        (NoVolunteerCauses.Unavailable, _) => " (they are on a break)",
        _ => "",
    };

    private static string Names(IReadOnlyList<string> names, string language) => names.Count switch
    {
        0 => "",
        1 => names[0],
        _ => string.Join(", ", names.Take(names.Count - 1)) + (language == "fr" ? " et " : " and ") + names[^1],
    };
}
