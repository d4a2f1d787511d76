using Microsoft.Extensions.Options;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Routing;
using SupportBot.Shared.Templates;

namespace SupportBot.Tests.Routing;

public sealed class MailTemplatesTests
{
    private static readonly QuestionEmails Emails = Build();

    private static QuestionEmails Build()
    {
        var addresses = new ReplyAddresses(
            Options.Create(new OutgoingMailOptions { PublicBaseUrl = "https://bot.example.test/" }),
            Options.Create(new SmtpOptions { FromAddress = "support@example.test", FromName = "SupportBot" }));
        var tokens = new UnsubscribeTokens(Options.Create(new OutgoingMailOptions { UnsubscribeSigningKey = new string('k', 32) }));
        return new QuestionEmails(new MailTemplates(), new MailComposer(addresses, tokens), addresses, Options.Create(new RoutingOptions()));
    }

    private static RecipientMail Recipient(string locale, string role = "peer") => new(
        RecipientId: 7, QuestionId: Guid.NewGuid(), PersonId: Guid.NewGuid(), Role: role, ReplyToken: "TOKENtokenTOKENtokenTOKENtoken12",
        MessageId: null, Round: 0, DisplayName: "Inès Moreau", Email: "ines@example.test", Locale: locale,
        QuestionText: "Comment déposer mon devoir <en PDF> ?", Details: null, QuestionStatus: "routed", QuestionRound: 0,
        ModuleTitle: "Module 1 – Prendre en main la plateforme", AskerName: "Léa Dubois");

    [Fact]
    public async Task Question_in_french_names_the_learner_by_first_name_only_and_says_how_to_answer()
    {
        var message = await Emails.QuestionAsync(Recipient("fr"), reminder: false, thread: null);

        Assert.Equal("Une question pour vous de Léa (Module 1 – Prendre en main la plateforme)", message.Subject);
        Assert.Contains("Bonjour Inès,", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Comment déposer mon devoir <en PDF> ?", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("répondez simplement à cet e-mail", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Seul votre nouveau texte est transmis", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("https://bot.example.test/questions/TOKENtokenTOKENtokenTOKENtoken12", message.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Dubois", message.TextBody + message.HtmlBody + message.Subject, StringComparison.Ordinal);
        // Values are encoded in HTML, not in text.
        Assert.Contains("&lt;en PDF&gt;", message.HtmlBody, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Question_in_english_follows_the_recipient_locale()
    {
        var message = await Emails.QuestionAsync(Recipient("en-GB"), reminder: false, thread: null);

        Assert.StartsWith("A question for you from Léa", message.Subject, StringComparison.Ordinal);
        Assert.Contains("Hello Inès,", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("simply reply to this email", message.TextBody, StringComparison.Ordinal);
        Assert.Contains("Only your new text is sent", message.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reminder_threads_under_the_first_email_and_tutors_get_their_wording()
    {
        var reminder = await Emails.QuestionAsync(Recipient("fr"), reminder: true, thread: "sb.first@example.test");
        var tutor = await Emails.QuestionAsync(Recipient("en", "tutor"), reminder: false, thread: null);

        Assert.StartsWith("Rappel : ", reminder.Subject, StringComparison.Ordinal);
        Assert.Equal("sb.first@example.test", reminder.InReplyTo);
        Assert.Equal(["sb.first@example.test"], reminder.References);
        Assert.StartsWith("Unanswered question from Léa", tutor.Subject, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_mail_has_reply_to_token_one_click_unsubscribe_and_auto_submitted()
    {
        var message = await Emails.QuestionAsync(Recipient("fr"), reminder: false, thread: null);

        Assert.Equal("support+q.TOKENtokenTOKENtokenTOKENtoken12@example.test", message.ReplyTo.Mailboxes.Single().Address);
        Assert.Equal("auto-generated", message.Headers["Auto-Submitted"]);
        Assert.Equal("List-Unsubscribe=One-Click", message.Headers["List-Unsubscribe-Post"]);
        Assert.Matches("^<https://bot\\.example\\.test/unsubscribe\\?t=[A-Za-z0-9_-]+>, <mailto:support@example\\.test\\?subject=unsubscribe%20[A-Za-z0-9_-]+>$",
            message.Headers["List-Unsubscribe"]);
        Assert.EndsWith("@example.test", message.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Thanks_and_answer_copy_render_in_both_languages()
    {
        foreach (var locale in (string[])["fr", "en"])
        {
            var thanks = await Emails.ThanksAsync(Recipient(locale));
            var copy = await Emails.AnswerCopyAsync(new AnswerRelay(
                Guid.NewGuid(), Guid.NewGuid(), "Videz le cache.", "[]", "Inès Moreau", "peer", locale, null, Guid.NewGuid(),
                "Léa Dubois", "lea@example.test", locale, "Comment ?", "answered", DateTime.UtcNow));

            Assert.Contains(locale == "fr" ? "Merci pour votre aide, Inès" : "Thank you for your help, Inès", thanks.Subject, StringComparison.Ordinal);
            Assert.Contains(locale == "fr" ? "Inès (pair volontaire)" : "Inès (peer volunteer)", copy.TextBody, StringComparison.Ordinal);
            Assert.Contains("Videz le cache.", copy.HtmlBody, StringComparison.Ordinal);
            Assert.Null(copy.Headers["List-Unsubscribe"]);
        }
    }
}
