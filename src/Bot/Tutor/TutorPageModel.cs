using System.Globalization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Tutor;

/// <summary>
/// What every tutor page needs: the tutor's language (their people.locale, read at sign-in; the
/// browser's before sign-in), its culture for dates and numbers, and the <see cref="TutorScope"/>.
/// </summary>
internal abstract class TutorPageModel : PageModel
{
    public string Lang => User.Identity?.IsAuthenticated == true
        ? TutorClaims.LocaleOf(User)
        : Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase) ? "en" : "fr";

    public bool Fr => Lang == "fr";

    public CultureInfo Culture => CultureInfo.GetCultureInfo(Fr ? "fr-FR" : "en-GB");

    public TutorScope Scope => TutorScope.From(User);

    /// <summary>The page's text in the tutor's language.</summary>
    public string T(string fr, string en) => Fr ? fr : en;

    public string Date(DateTime? utc) => utc is { } d ? d.ToString("d MMM yyyy", Culture) : "–";

    /// <summary>The tutor's time zone: times are read in it, as on their own clock.</summary>
    public TimeZoneInfo Zone => TutorClaims.TimeZoneOf(User);

    /// <summary>A moment on the tutor's own clock; "UTC" is said only when their zone is unknown.</summary>
    public string DateTime(DateTime? utc) => utc is { } d
        ? TimeZoneInfo.ConvertTimeFromUtc(System.DateTime.SpecifyKind(d, DateTimeKind.Utc), Zone).ToString("d MMM HH:mm", Culture) + (Zone == TimeZoneInfo.Utc ? " UTC" : "")
        : "–";

    public string StatusName(string status) => status switch
    {
        "new" => T("nouvelle", "new"),
        "routed" => T("envoyée aux pairs", "sent to peers"),
        "escalated" => T("remontée", "escalated"),
        "answered" => T("répondue", "answered"),
        "resolved" => T("résolue", "resolved"),
        "expired" => T("expirée", "expired"),
        "cancelled" => T("annulée", "cancelled"),
        _ => status,
    };

    public string ViaName(string via) => via switch
    {
        "email" => T("par e-mail", "by email"),
        "tutor_page" => T("depuis l'espace tuteur", "from the tutor pages"),
        _ => T("dans le chat", "in the chat"),
    };

    public string Percent(double share) => share.ToString("P0", Culture);
}
