using MimeKit;
using SupportBot.Shared.Email.Incoming;

namespace SupportBot.Tests.Email;

public sealed class IncomingMailReaderTests
{
    private static readonly IncomingMailReader Reader = new();

    private static IncomingMail Read(string name) => Reader.Read(TestMessages.Load(name));

    private static void AssertText(string text, string[] kept, string[] removed)
    {
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.DoesNotContain('\r', text);
        foreach (var k in kept)
        {
            Assert.Contains(k, text, StringComparison.Ordinal);
        }

        foreach (var r in removed)
        {
            Assert.DoesNotContain(r, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Gmail_reply_in_english_gives_ids_sender_token_text_and_the_attached_screenshot()
    {
        var mail = Read("gmail-en.eml");

        Assert.Equal("CAJ8x2bQ4f5Zr1pY-dGm9kWq7@mail.gmail.com", mail.MessageId);
        Assert.Equal("q-1042.20261112170400@example.edu", mail.InReplyTo);
        Assert.Equal(["q-1042.20261112170400@example.edu"], mail.References);
        Assert.Equal("bob.martin@gmail.com", mail.FromAddress);
        Assert.Equal("Bob Martin", mail.FromName);
        Assert.Equal([TestMessages.Token], mail.ReplyTokens);
        Assert.Equal(IncomingMailKind.Reply, mail.Kind);
        AssertText(mail.NewText, ["Use pd.read_csv(\"sales.csv\", sep=\";\")", "I attached a screenshot"], ["wrote:", "A learner in", "semicolons instead"]);

        var image = Assert.Single(mail.Images);
        Assert.Equal("read_csv options.png", image.FileName);
        Assert.Equal("image/png", image.ContentType);
        Assert.False(image.IsInline);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image.Content[..4]);
    }

    [Fact]
    public void Gmail_reply_in_french_is_decoded_and_the_wrapped_attribution_removed()
    {
        var mail = Read("gmail-fr.eml");
        Assert.Equal("Claire Lefèvre", mail.FromName);
        Assert.Equal(IncomingMailKind.Reply, mail.Kind);
        AssertText(mail.NewText, ["Oui, le devoir du module 2 peut être rendu jusqu'à dimanche 23h59.", "Pensez à vérifier"], ["écrit", "Statistiques pour tous"]);
    }

    [Fact]
    public void Outlook_desktop_in_french_drops_the_header_block_history_and_the_signature()
    {
        var mail = Read("outlook-desktop-fr.eml");
        AssertText(
            mail.NewText,
            ["Bonjour,", "Il faut installer Python 3.12 depuis python.org", "Cordialement"],
            ["Tél.", "De :", "Envoyé :", "Objet :", "Une apprenante demande"]);
    }

    [Fact]
    public void Outlook_desktop_html_alone_gives_the_same_new_text()
    {
        var html = TestMessages.Load("outlook-desktop-fr.eml").HtmlBody!;
        var text = Shared.Email.Replies.ReplyExtractor.Extract(Shared.Email.Replies.HtmlToText.Convert(html));
        AssertText(text, ["Bonjour,", "Il faut installer Python 3.12 depuis python.org (https://www.python.org/downloads/)", "Cordialement"], ["Tél.", "De :", "Une apprenante demande"]);
    }

    [Fact]
    public void Outlook_web_drops_the_underscore_rule_and_header_block_and_ignores_response_suppression()
    {
        var mail = Read("outlook-web.eml");
        Assert.Equal(IncomingMailKind.Reply, mail.Kind);
        AssertText(mail.NewText, ["The recording of Tuesday's session is on the course page under \"Week 4\"."], ["____", "From:", "A learner asks"]);
    }

    [Fact]
    public void Outlook_web_html_alone_stops_at_appendonsend()
    {
        var html = TestMessages.Load("outlook-web.eml").HtmlBody!;
        var text = Shared.Email.Replies.ReplyExtractor.Extract(Shared.Email.Replies.HtmlToText.Convert(html));
        AssertText(text, ["Hi there,", "course page (https://learn.example.edu/course/42)"], ["Priya", "From:", "A learner asks"]);
    }

    [Fact]
    public void Apple_mail_in_french_drops_le_a_ecrit_and_the_quote()
    {
        var mail = Read("apple-mail-fr.eml");
        AssertText(mail.NewText, ["Oui, le quiz peut être repassé deux fois ; c'est la meilleure note qui compte."], ["a écrit", "Un apprenant demande"]);
    }

    [Fact]
    public void Thunderbird_flowed_text_is_joined_and_the_dash_signature_removed()
    {
        var mail = Read("thunderbird.eml");
        AssertText(
            mail.NewText,
            ["git restore --staged file.txt takes the file out of the next commit but keeps your changes in the working tree."],
            ["wrote:", "unstage", "Git mentor", "Alice Example"]);
    }

    [Fact]
    public void Iphone_reply_in_french_drops_envoye_de_mon_iphone_and_the_quoted_attribution()
    {
        var mail = Read("iphone-fr.eml");
        Assert.Equal([TestMessages.Token], mail.ReplyTokens);
        Assert.Equal("Oui c'est bien la bonne adresse, le forum a juste changé de nom.", mail.NewText);
    }

    [Fact]
    public void Html_only_reply_is_converted_with_its_list_links_and_inline_image()
    {
        var mail = Read("html-only.eml");

        Assert.Equal([TestMessages.HexToken], mail.ReplyTokens);
        Assert.Equal("Nadia B.", mail.FromName);
        AssertText(
            mail.NewText,
            ["Three things to check:", "1. the notebook kernel is Python 3,", "3. the path has no accents.", "FAQ on paths (https://learn.example.edu/faq/paths)", "https://docs.python.org/3/"],
            ["wrote:", "cannot find data.csv", "<", "https://docs.python.org/3/ (https", "Nadia"]);

        var image = Assert.Single(mail.Images);
        Assert.True(image.IsInline);
        Assert.Equal("ii_kernel01", image.ContentId);
        Assert.Equal("image/png", image.ContentType);
    }

    [Fact]
    public void Inline_answers_are_kept_after_the_questions_they_answer()
    {
        var mail = Read("inline-answers.eml");
        AssertText(
            mail.NewText,
            ["Hi, answers below.", "> 1. Can the project be done in pairs?\n\nYes, pairs are fine", "> 2. Is there a page limit for the report?\n\nTen pages, appendices excluded."],
            ["wrote:", "Hello Tom", "Reply to this email"]);
    }

    [Fact]
    public void Auto_submitted_reply_is_an_auto_reply()
    {
        var mail = Read("auto-reply.eml");
        Assert.Equal(IncomingMailKind.AutoReply, mail.Kind);
        Assert.Contains("Auto-Submitted", mail.Classification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Out_of_office_subject_alone_makes_an_auto_reply()
    {
        var mail = Read("out-of-office-subject.eml");
        Assert.Equal(IncomingMailKind.AutoReply, mail.Kind);
        Assert.Contains("out of office", mail.Classification.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Delivery_status_notification_is_a_permanent_bounce_naming_the_failed_recipient()
    {
        var mail = Read("bounce-dsn.eml");
        Assert.Equal(IncomingMailKind.Bounce, mail.Kind);
        var bounce = Assert.IsType<BounceReport>(mail.Classification.Bounce);
        Assert.True(bounce.IsPermanent);
        Assert.Equal(["carol.gone@old-university.example"], bounce.FailedRecipients);
        Assert.Equal([TestMessages.Token], mail.ReplyTokens);
    }

    [Fact]
    public void Forward_keeps_the_note_and_the_forwarded_answer_but_not_its_headers_or_history()
    {
        var mail = Read("forwarded.eml");
        Assert.Equal(IncomingMailKind.Reply, mail.Kind);
        AssertText(
            mail.NewText,
            ["My colleague answered this one better than I could", "Use a non-greedy quantifier: <.*?> instead of <.*>."],
            ["Forwarded message", "From: Dana Reyes", "why does <.*> match the whole line", "wrote:"]);
    }

    [Fact]
    public void Forward_as_html_keeps_the_forwarded_answer_too()
    {
        var html = TestMessages.Load("forwarded.eml").HtmlBody!;
        var text = Shared.Email.Replies.ReplyExtractor.Extract(Shared.Email.Replies.HtmlToText.Convert(html));
        AssertText(text, ["My colleague answered", "Use a non-greedy quantifier"], ["Forwarded message", "why does <.*> match the whole line"]);
    }

    [Fact]
    public void Quoted_printable_latin1_french_keeps_its_accents()
    {
        var mail = Read("quoted-printable-fr.eml");
        Assert.Equal("Hélène García", mail.FromName);
        AssertText(
            mail.NewText,
            ["Ça dépend du navigateur : sous Firefox, il faut aller dans Paramètres > Vie privée", "« Télécharger l'attestation » fonctionne."],
            ["a écrit", "Une apprenante demande"]);
    }

    [Fact]
    public void Base64_body_is_decoded_and_tokens_come_from_to_and_cc_in_order()
    {
        var mail = Read("base64-body.eml");
        Assert.Equal([TestMessages.Token, TestMessages.HexToken], mail.ReplyTokens);
        Assert.Equal(["q-1400.20261101090000@example.edu", "q-1414.20261109090000@example.edu"], mail.References);
        AssertText(mail.NewText, ["sous 48 h après la réussite de l'examen final ✅.", "indésirables"], ["a écrit", "Un apprenant demande"]);
    }

    [Fact]
    public void Reply_local_part_is_configurable_and_tokens_shorter_than_22_characters_are_ignored()
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Bob", "bob@example.org"));
        message.To.Add(MailboxAddress.Parse($"helpdesk+q.{TestMessages.Token}@example.edu"));
        message.Cc.Add(MailboxAddress.Parse("helpdesk+q.tooShortToken123@example.edu"));
        message.Cc.Add(MailboxAddress.Parse($"support+q.{TestMessages.HexToken}@example.edu"));
        message.Body = new TextPart("plain") { Text = "Hello" };

        Assert.Equal([TestMessages.Token], new IncomingMailReader("helpdesk").Read(message).ReplyTokens);
        Assert.Equal([TestMessages.HexToken], new IncomingMailReader().Read(message).ReplyTokens);
    }

    [Fact]
    public void Message_without_body_or_ids_reads_as_empty_values()
    {
        var message = new MimeMessage();
        message.Headers.Add("Subject", "Re: nothing");
        message.Headers.Remove(HeaderId.MessageId);
        var mail = Reader.Read(message);
        Assert.Null(mail.MessageId);
        Assert.Null(mail.FromAddress);
        Assert.Empty(mail.References);
        Assert.Empty(mail.ReplyTokens);
        Assert.Equal("", mail.NewText);
        Assert.Empty(mail.Images);
    }
}
