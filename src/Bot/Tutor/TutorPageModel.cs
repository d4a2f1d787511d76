using System.Globalization;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Html;
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

    /// <summary>A topic in the tutor's words ("Examens", "Exams"), never its key ("exams").</summary>
    public string TopicName(string? topic) => topic is null ? "–" : SupportBot.Shared.Routing.Topics.Label(topic, Lang);

    /// <summary>Several topics, as stored ("account, technical"), each in the tutor's words.</summary>
    public string TopicNames(string? topics) => string.IsNullOrWhiteSpace(topics) ? "–"
        : string.Join(", ", topics.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(TopicName));

    /// <summary>A language a tutor reads: "français", "English".</summary>
    public string LanguageName(string? language) => language switch
    {
        "fr" => T("français", "French"),
        "en" => T("anglais", "English"),
        null or "" => "–",
        _ => language,
    };

    public string Percent(double share) => share.ToString("P0", Culture);

    /// <summary>
    /// A column header of a sortable list: a link that sorts by it (again: the other way), with the
    /// order it is in now said to screen readers (aria-sort) and shown with an arrow.
    /// </summary>
    public IHtmlContent SortHeader(IListPage list, string sort, string label, string? cssClass = null)
    {
        var order = list.Request.Sort == sort ? (list.Request.Descending ? "descending" : "ascending") : null;
        return new HtmlString(
            $"<th{(cssClass is null ? "" : $" class=\"{HtmlEncoder.Default.Encode(cssClass)}\"")}{(order is null ? "" : $" aria-sort=\"{order}\"")}>" +
            SortLink(list, sort, label) + "</th>");
    }

    /// <summary>A link that sorts the list by <paramref name="sort"/> (again: the other way), with an arrow when it is the current order.</summary>
    public string SortLink(IListPage list, string sort, string label)
    {
        var enc = HtmlEncoder.Default;
        var current = list.Request.Sort == sort;
        var title = T("Trier par « " + label + " »", "Sort by " + label);
        return $"<a class=\"sort\" href=\"{enc.Encode(list.Link(Request.Query, sort: sort))}\" title=\"{enc.Encode(title)}\">{enc.Encode(label)}" +
            (current ? (list.Request.Descending ? " <span aria-hidden=\"true\">↓</span>" : " <span aria-hidden=\"true\">↑</span>") : "") +
            "</a>";
    }

    /// <summary>Previous / "page 2 of 5 · 112 in all" / next under a list longer than a page; nothing otherwise.</summary>
    public IHtmlContent Pager(IListPage list)
    {
        if (list.PageCount <= 1)
        {
            return HtmlString.Empty;
        }

        var enc = HtmlEncoder.Default;
        var page = list.Request.Page;
        var html = new System.Text.StringBuilder($"<nav class=\"pager\" aria-label=\"{enc.Encode(T("Pages de la liste", "Pages of the list"))}\">");
        if (page > 1)
        {
            html.Append($"<a rel=\"prev\" href=\"{enc.Encode(list.Link(Request.Query, page: page - 1))}\">← {enc.Encode(T("Précédente", "Previous"))}</a>");
        }

        html.Append($"<span>{enc.Encode(T($"Page {page} sur {list.PageCount} · {list.Total} au total", $"Page {page} of {list.PageCount} · {list.Total} in all"))}</span>");
        if (page < list.PageCount)
        {
            html.Append($"<a rel=\"next\" href=\"{enc.Encode(list.Link(Request.Query, page: page + 1))}\">{enc.Encode(T("Suivante", "Next"))} →</a>");
        }

        return new HtmlString(html.Append("</nav>").ToString());
    }
}
