using SupportBot.Shared.Campaigns;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Tutor.Campaigns;

/// <summary>The campaign words the pages show, in the tutor's language.</summary>
internal static class CampaignText
{
    public static string Status(TutorPageModel page, string status) => status switch
    {
        "draft" => page.T("brouillon", "draft"),
        "scheduled" => page.T("programmée", "scheduled"),
        "paused" => page.T("en pause", "paused"),
        "cancelled" => page.T("annulée", "cancelled"),
        "done" => page.T("terminée", "done"),
        _ => status,
    };

    public static string Status(TutorPageModel page, CampaignStatus status) => Status(page, status.ToString().ToLowerInvariant());

    /// <summary>
    /// "waiting for the mail server since {time}" for each service a campaign can wait for; the
    /// page fills {time} in (HH:mm UTC), the script too when the progress refreshes.
    /// </summary>
    public static Dictionary<string, string> WaitingTexts(TutorPageModel page) => new()
    {
        ["mail_server"] = page.T("en attente du serveur de messagerie depuis {time}", "waiting for the mail server since {time}"),
        ["chat"] = page.T("en attente de Teams / du chat depuis {time}", "waiting for Teams / the chat since {time}"),
        ["database"] = page.T("en attente de la base de données depuis {time}", "waiting for the database since {time}"),
    };

    public static string? Waiting(TutorPageModel page, CampaignProgressView progress) =>
        progress.WaitingFor is { } what && progress.WaitingSince is { } since && WaitingTexts(page).TryGetValue(what, out var text)
            ? text.Replace("{time}", since.UtcDateTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC", StringComparison.Ordinal)
            : null;

    public static string Audience(TutorPageModel page, AudienceFilter a) => a.Kind switch
    {
        AudienceKind.Module => page.T("tout le module", "the whole module"),
        AudienceKind.Cohort => page.T($"la promotion {a.Cohort}", $"cohort {a.Cohort}"),
        AudienceKind.Inactive => page.T($"inactifs depuis {a.InactiveDays} jours", $"inactive for {a.InactiveDays} days"),
        AudienceKind.Volunteers => page.T("les volontaires", "the volunteers"),
        _ => page.T($"{a.People?.Count ?? 0} personnes choisies", $"{a.People?.Count ?? 0} chosen people"),
    };

    public static string Schedule(TutorPageModel page, Campaign campaign)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        // A "now" campaign is stored as a one-off at the moment of its creation at UTC−12: say what the tutor chose.
        if (campaign.Schedule == LocalSchedule.Now(campaign.CreatedAt))
        {
            return page.T("dès sa programmation, pour tous", "as soon as scheduled, for everyone");
        }

        var s = campaign.Schedule;
        var examDate = campaign.ExamDate;
        var time = s.Time.ToString("HH:mm", page.Culture);
        return s.Kind switch
        {
            ScheduleKind.Weekly => page.T($"chaque {page.Culture.DateTimeFormat.GetDayName(s.Day ?? DayOfWeek.Monday)} à {time}", $"every {page.Culture.DateTimeFormat.GetDayName(s.Day ?? DayOfWeek.Monday)} at {time}")
                + (s.Until is { } u ? page.T($" jusqu'au {u.ToString("d MMM yyyy", page.Culture)}", $" until {u.ToString("d MMM yyyy", page.Culture)}") : ""),
            ScheduleKind.RelativeToExam => page.T($"{s.DaysBeforeExam} jours avant l'examen ({examDate?.ToString("d MMM yyyy", page.Culture) ?? "?"}) à {time}",
                $"{s.DaysBeforeExam} days before the exam ({examDate?.ToString("d MMM yyyy", page.Culture) ?? "?"}) at {time}"),
            _ => page.T($"le {s.Date?.ToString("d MMM yyyy", page.Culture)} à {time}", $"on {s.Date?.ToString("d MMM yyyy", page.Culture)} at {time}"),
        } + page.T(", heure locale de chacun", ", each learner's local time");
    }
}
