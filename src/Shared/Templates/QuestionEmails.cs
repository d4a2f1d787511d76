using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using MimeKit;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Routing;

namespace SupportBot.Shared.Templates;

/// <summary>
/// The emails of routing (their send-log keys are <see cref="RoutingSendKeys"/>): the question (to a
/// peer or tutor, or as a reminder threaded under it), the thank-you, the learner's copy of an answer. The learner is
/// named by first name only, and the peer by first name only in the chat.
/// </summary>
public sealed class QuestionEmails(MailTemplates templates, MailComposer composer, ReplyAddresses addresses, IOptions<RoutingOptions> routing)
{
    /// <summary>"Léa Dubois" gives "Léa"; nobody gives null.</summary>
    public static string? FirstName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries)[0];

    /// <summary>The page a question email links to: the question in context, opened with the recipient's reply token.</summary>
    public string QuestionLink(string replyToken) => addresses.Link("questions/" + Uri.EscapeDataString(replyToken));

    /// <param name="thread">For a reminder: the Message-ID of the first email, so it threads under it.</param>
    /// <param name="earlier">Answers already given (a reopened question): the email quotes them, so nobody repeats them.</param>
    public async Task<MimeMessage> QuestionAsync(RecipientMail r, bool reminder, string? thread, IReadOnlyList<EarlierAnswer>? earlier = null)
    {
        ArgumentNullException.ThrowIfNull(r);
        var language = MailTemplates.LanguageOf(r.Locale);
        var reason = r.Reason?.Split('/', 2)[0];
        var content = await templates.RenderAsync("question", language, new Dictionary<string, object?>
        {
            ["recipient_first_name"] = FirstName(r.DisplayName),
            ["asker_first_name"] = FirstName(r.AskerName) ?? (language == "fr" ? "Un·e apprenant·e" : "A learner"),
            ["module_title"] = r.ModuleTitle,
            ["question_text"] = r.QuestionText,
            ["details"] = r.Details,
            ["question_link"] = QuestionLink(r.ReplyToken),
            ["is_reminder"] = reminder,
            ["is_tutor"] = r.Role == "tutor",
            ["reason"] = reason,
            ["cause_text"] = CauseText(NoVolunteerCauses.FromReason(r.Reason), language),
            ["escalate_hours"] = ((int)Math.Round(routing.Value.EscalateAfter.TotalHours)).ToString(CultureInfo.InvariantCulture),
            ["topic"] = r.Topic is null ? null : Topics.Label(r.Topic, language),
            ["earlier_answers"] = Quote(earlier, language),
            ["unsubscribe_link"] = composer.UnsubscribeLink(r.PersonId, EmailCategories.RoutedQuestions),
        });
        return composer.Compose(new OutgoingEmail(
            reminder ? RoutingSendKeys.Remind(r) : RoutingSendKeys.Ask(r), r.Email, r.DisplayName, content, r.ReplyToken,
            thread is null ? null : [thread], new UnsubscribeRequest(r.PersonId, EmailCategories.RoutedQuestions)));
    }

    public async Task<MimeMessage> ThanksAsync(RecipientMail r)
    {
        ArgumentNullException.ThrowIfNull(r);
        var language = MailTemplates.LanguageOf(r.Locale);
        var content = await templates.RenderAsync("thanks", language, new Dictionary<string, object?>
        {
            ["recipient_first_name"] = FirstName(r.DisplayName),
            ["asker_first_name"] = FirstName(r.AskerName) ?? (language == "fr" ? "L'apprenant·e" : "The learner"),
            ["question_text"] = r.QuestionText,
            ["unsubscribe_link"] = composer.UnsubscribeLink(r.PersonId, EmailCategories.RoutedQuestions),
        });
        return composer.Compose(new OutgoingEmail(
            RoutingSendKeys.Thanks(r.QuestionId, r.PersonId), r.Email, r.DisplayName, content, null,
            r.MessageId is null ? null : [r.MessageId], new UnsubscribeRequest(r.PersonId, EmailCategories.RoutedQuestions)));
    }

    /// <summary>The learner's copy of an answer they have not seen in the chat: transactional, so no unsubscribe header.</summary>
    /// <param name="images">The answer's images as the copy names them (a download link each, or none when too large to keep).</param>
    public async Task<MimeMessage> AnswerCopyAsync(AnswerRelay a, IReadOnlyList<AnswerCopyImage>? images = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        var language = MailTemplates.LanguageOf(a.AskerLocale ?? a.Language);
        var content = await templates.RenderAsync("answer_copy", language, new Dictionary<string, object?>
        {
            ["recipient_first_name"] = FirstName(a.AskerName),
            ["author_first_name"] = FirstName(a.AuthorName) ?? (language == "fr" ? "Un pair" : "A peer"),
            ["author_role"] = RoleLabel(a.AuthorRole, language),
            ["answer_text"] = a.Text,
            ["question_text"] = a.QuestionText,
            ["chat_link"] = addresses.Link(""),
            ["images"] = (images ?? []).Select(i => new Dictionary<string, object>
            {
                ["name"] = i.Name,
                ["file_size"] = i.Size, // not "size": Liquid reads that as the count of entries
                ["url"] = i.Url ?? "",
            }).ToList(),
        });
        return composer.Compose(new OutgoingEmail(RoutingSendKeys.AnswerEmail(a.AnswerId), a.AskerEmail!, a.AskerName, content));
    }

    /// <summary>Why no volunteer could take it, as the tutor's email says it after "no volunteer of the module could take it".</summary>
    public static string CauseText(string? cause, string language) => (cause, language) switch
    {
        (NoVolunteerCauses.Asleep, "fr") => " (c'est la nuit ou leurs heures calmes là où ils vivent)",
        (NoVolunteerCauses.Asleep, _) => " (it is night or their quiet hours where they live)",
        (NoVolunteerCauses.Busy, "fr") => " (ils ont déjà assez de questions cette semaine)",
        (NoVolunteerCauses.Busy, _) => " (they already have enough questions this week)",
        (NoVolunteerCauses.OtherTopic, "fr") => " (aucun n'aide sur ce thème)",
        (NoVolunteerCauses.OtherTopic, _) => " (none of them helps with this topic)",
        (NoVolunteerCauses.NoneInModule, "fr") => " (le module n'a pas encore de volontaire)",
        (NoVolunteerCauses.NoneInModule, _) => " (the module has no volunteer yet)",
        (NoVolunteerCauses.Unavailable, "fr") => " (ils sont en pause ou ont arrêté)",
        (NoVolunteerCauses.Unavailable, _) => " (they are paused or have stopped)",
        _ => "",
    };

    private static string Quote(IReadOnlyList<EarlierAnswer>? answers, string language)
    {
        if (answers is not { Count: > 0 })
        {
            return "";
        }

        var b = new StringBuilder();
        var culture = CultureInfo.GetCultureInfo(language == "fr" ? "fr-FR" : "en-GB");
        foreach (var a in answers)
        {
            var who = FirstName(a.AuthorName) ?? (language == "fr" ? "Quelqu'un" : "Someone");
            var separator = language == "fr" ? " : " : ": ";
            var similar = !a.ToSimilarQuestion ? "" : language == "fr" ? ", à une question semblable, proposé par le bot" : ", to a similar question, offered by the bot";
            b.Append(CultureInfo.InvariantCulture, $"{who} ({RoleLabel(a.AuthorRole, language)}, {a.CreatedAt.ToString("d MMM", culture)}{similar}){separator}")
             .Append(a.Text.Trim()).Append("\n\n");
        }

        return b.ToString().TrimEnd();
    }

    public static string RoleLabel(string? role, string language) => (role, language) switch
    {
        ("tutor", "fr") => "tuteur·rice",
        ("tutor", _) => "tutor",
        (_, "fr") => "pair volontaire",
        _ => "peer volunteer",
    };
}

/// <summary>An image of an answer in its email copy.</summary>
/// <param name="Size">As people read it ("1,2 Mo", "300 KB").</param>
/// <param name="Url">Its signed download link; null when it was too large to keep.</param>
public sealed record AnswerCopyImage(string Name, string Size, string? Url);
