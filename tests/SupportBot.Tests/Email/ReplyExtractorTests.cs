using SupportBot.Shared.Email.Replies;

namespace SupportBot.Tests.Email;

public sealed class ReplyExtractorTests
{
    private static string Extract(string body, bool isForward = false) => ReplyExtractor.Extract(body, isForward);

    private static void AssertKeepsOnly(string result, string[] kept, string[] removed)
    {
        foreach (var k in kept)
        {
            Assert.Contains(k, result, StringComparison.Ordinal);
        }

        foreach (var r in removed)
        {
            Assert.DoesNotContain(r, result, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Text_without_quotes_is_kept_whole()
    {
        var result = Extract("Hello,\n\nYou need to run the notebook from the first cell.\nIt will work then.");
        Assert.Equal("Hello,\n\nYou need to run the notebook from the first cell.\nIt will work then.", result);
    }

    [Fact]
    public void Crlf_is_normalised_and_blank_lines_at_both_ends_are_trimmed()
    {
        var result = Extract("\r\n\r\n  \r\nFirst line\r\nSecond line\r\n\r\n\r\n");
        Assert.Equal("First line\nSecond line", result);
    }

    [Fact]
    public void Whitespace_only_body_gives_empty_text()
    {
        Assert.Equal("", Extract(" \r\n \n"));
    }

    [Theory]
    [InlineData("On Thu, Nov 12, 2026 at 6:04 PM Alice Example <alice@example.com> wrote:")]
    [InlineData("On 12 Nov 2026, at 18:04, Alice Example <alice@example.com> wrote:")]
    [InlineData("On 11/12/26 6:04 PM, Alice Example wrote:")]
    [InlineData("Alice Example <alice@example.com> wrote:")]
    [InlineData("Le jeu. 12 nov. 2026 à 18:04, Alice Example <alice@example.com> a écrit :")]
    [InlineData("Le 12 nov. 2026 à 18:04, Alice Example <alice@example.com> a écrit :")]
    [InlineData("Le 12/11/2026 à 18:04, Alice Example a écrit :")]
    [InlineData("Le 12/11/2026 à 18:04, Alice Example a\u00A0écrit\u00A0:")]
    [InlineData("Alice Example a écrit :")]
    [InlineData("Am 12.11.2026 um 18:04 schrieb Alice Example <alice@example.com>:")]
    [InlineData("Am Do., 12. Nov. 2026 um 18:04 Uhr schrieb Alice Example <alice@example.com>:")]
    [InlineData("El jue, 12 nov 2026 a las 18:04, Alice Example (<alice@example.com>) escribió:")]
    [InlineData("Il giorno gio 12 nov 2026 alle ore 18:04 Alice Example <alice@example.com> ha scritto:")]
    [InlineData("Op do 12 nov. 2026 om 18:04 schreef Alice Example <alice@example.com>:")]
    [InlineData("Em qui., 12 de nov. de 2026 às 18:04, Alice Example <alice@example.com> escreveu:")]
    [InlineData("2026-11-12 18:04 GMT+01:00 Alice Example <alice@example.com>:")]
    [InlineData("Op 12 nov. 2026 om 18:04 heeft Alice Example <alice@example.com> het volgende geschreven:")]
    [InlineData("W dniu 12.11.2026 o 18:04, Alice Example pisze:")]
    [InlineData("Den 12 nov. 2026 kl. 18:04 skrev Alice Example <alice@example.com>:")]
    [InlineData("On Thursday, November 12, 2026, 06:04:00 PM GMT+1, Alice Example <alice@example.com> wrote:")]
    public void Attribution_and_quote_are_removed_in_any_language(string attribution)
    {
        var body = $"The answer is 42.\n\n{attribution}\n\n> What is the answer?\n> Thanks in advance\n";
        Assert.Equal("The answer is 42.", Extract(body));
    }

    // Attributions of languages beyond the seven main ones, as Gmail and Apple Mail localise them; the
    // Chinese and Japanese forms end in a full-width colon and put the verb against the name.
    [Theory]
    [InlineData("Alice Example <alice@example.com> 于2026年11月12日周四 18:04写道：")]
    [InlineData("Alice Example <alice@example.com> 於 2026年11月12日 週四 下午6:04寫道：")]
    [InlineData("在 2026年11月12日，18:04，Alice Example <alice@example.com> 写道：")]
    [InlineData("Alice Example <alice@example.com>님이 작성:")]
    [InlineData("Alice Example さんは書きました:")]
    [InlineData("Alice Example <alice@example.com> je napisao/la:")]
    [InlineData("Alice Example <alice@example.com> a scris:")]
    [InlineData("чт, 12 нояб. 2026 г. в 18:04, Alice Example <alice@example.com>:")]
    [InlineData("Alice Example <alice@example.com> написав(ла):")]
    [InlineData("Alice Example <alice@example.com> kirjutas:")]
    [InlineData("Alice Example <alice@example.com> rašė:")]
    [InlineData("Alice Example <alice@example.com> menulis:")]
    [InlineData("Alice Example <alice@example.com> va escriure:")]
    [InlineData("Alice Example <alice@example.com> yazdı:")]
    public void Attribution_in_other_languages_is_removed(string attribution)
    {
        var body = $"The answer is 42.\n\n{attribution}\n\n> What is the answer?\n";
        Assert.Equal("The answer is 42.", Extract(body));
    }

    // Outlook's header block as its localised versions label it (From / Sent / To / Subject).
    [Theory]
    [InlineData("Od: Alice Example <alice@example.com>\nOdesláno: čtvrtek 12. listopadu 2026 18:04\nKomu: Bob <bob@example.org>\nPředmět: Modul 3")]
    [InlineData("Od: Alice Example <alice@example.com>\nWysłano: czwartek, 12 listopada 2026 18:04\nDo: Bob <bob@example.org>\nTemat: Moduł 3")]
    [InlineData("От: Alice Example <alice@example.com>\nОтправлено: 12 ноября 2026 г. 18:04\nКому: Bob <bob@example.org>\nТема: Модуль 3")]
    [InlineData("Kimden: Alice Example <alice@example.com>\nGönderildi: 12 Kasım 2026 Perşembe 18:04\nKime: Bob <bob@example.org>\nKonu: Modül 3")]
    [InlineData("Lähettäjä: Alice Example <alice@example.com>\nLähetetty: torstai 12. marraskuuta 2026 18.04\nVastaanottaja: Bob <bob@example.org>\nAihe: Moduuli 3")]
    [InlineData("Feladó: Alice Example <alice@example.com>\nElküldve: 2026. november 12. 18:04\nCímzett: Bob <bob@example.org>\nTárgy: 3. modul")]
    [InlineData("发件人： Alice Example <alice@example.com>\n发送时间： 2026年11月12日 18:04\n收件人： Bob <bob@example.org>\n主题： 模块 3")]
    [InlineData("差出人: Alice Example <alice@example.com>\n送信日時: 2026年11月12日 18:04\n宛先: Bob <bob@example.org>\n件名: モジュール 3")]
    [InlineData("보낸 사람: Alice Example <alice@example.com>\n보낸 날짜: 2026년 11월 12일 목요일 오후 6:04\n받는 사람: Bob <bob@example.org>\n제목: 모듈 3")]
    public void Outlook_header_block_in_other_languages_is_removed(string headers)
    {
        var body = $"The answer is 42.\n\n{headers}\n\nWhat is the answer?\n";
        Assert.Equal("The answer is 42.", Extract(body));
    }

    [Fact]
    public void Gmail_attribution_wrapped_over_two_lines_is_removed()
    {
        var body = """
            Use pandas.read_csv with sep=";".

            On Thu, Nov 12, 2026 at 6:04 PM Alice Example via SupportBot <
            support+q.Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MA@example.edu> wrote:

            > How do I read a CSV file with semicolons?
            """;
        var result = Extract(body);
        Assert.Equal("Use pandas.read_csv with sep=\";\".", result);
    }

    [Fact]
    public void Gmail_french_attribution_wrapped_between_a_and_ecrit_is_removed()
    {
        var body = "Il faut relancer le noyau.\n\nLe jeu. 12 nov. 2026 à 18:04, SupportBot <support+q.abc@example.edu> a\nécrit :\n\n> Mon notebook ne répond plus.\n";
        var result = Extract(body);
        AssertKeepsOnly(result, ["Il faut relancer le noyau."], ["écrit", "notebook ne répond"]);
    }

    [Fact]
    public void Nested_quotes_are_removed()
    {
        var result = Extract("Yes.\n\n> No?\n>> Is it so?\n>>> Really?\n");
        Assert.Equal("Yes.", result);
    }

    [Fact]
    public void Outlook_original_message_rule_and_unquoted_history_are_removed()
    {
        var body = """
            The deadline is Friday.

            -----Original Message-----
            From: SupportBot <support@example.edu>
            Sent: Thursday, November 12, 2026 6:04 PM
            To: Bob Martin <bob@example.org>
            Subject: Question about module 3

            When is the deadline for module 3?
            """;
        AssertKeepsOnly(Extract(body), ["The deadline is Friday."], ["Original Message", "From:", "When is the deadline"]);
    }

    [Fact]
    public void French_outlook_message_d_origine_is_removed()
    {
        var body = "C'est vendredi.\n\n-----Message d'origine-----\nDe : SupportBot\nEnvoyé : jeudi 12 novembre 2026 18:04\nÀ : Bob\nObjet : Date limite\n\nQuelle est la date limite ?";
        AssertKeepsOnly(Extract(body), ["C'est vendredi."], ["origine", "Quelle est la date limite"]);
    }

    [Fact]
    public void French_outlook_header_block_under_an_underscore_rule_is_removed()
    {
        var body = """
            Bonjour,

            Il faut installer la version 3.12.

            ________________________________
            De : SupportBot <support@example.edu>
            Envoyé : jeudi 12 novembre 2026 18:04
            À : Bob Martin <bob@example.org>
            Objet : Question sur le module 3

            Quelle version de Python faut-il ?
            """;
        AssertKeepsOnly(Extract(body), ["Bonjour,", "Il faut installer la version 3.12."], ["____", "De :", "Quelle version"]);
    }

    [Fact]
    public void Header_block_without_rule_starts_the_history()
    {
        var body = "See the FAQ.\n\nFrom: SupportBot <support@example.edu>\nDate: Thursday, 12 November 2026 at 18:04\nTo: Bob <bob@example.org>\nSubject: Question\n\nWhere is the FAQ?";
        AssertKeepsOnly(Extract(body), ["See the FAQ."], ["From:", "Where is the FAQ?"]);
    }

    [Fact]
    public void Bold_header_block_from_an_html_conversion_starts_the_history()
    {
        var body = "Done.\n\n*From:* SupportBot <support@example.edu>\n*Sent:* Thursday, November 12, 2026 6:04 PM\n*To:* Bob\n*Subject:* Question\n\nCan you check?";
        AssertKeepsOnly(Extract(body), ["Done."], ["From:", "Can you check?"]);
    }

    [Fact]
    public void Dated_attribution_over_unquoted_text_starts_the_history()
    {
        var body = "Oui, c'est bien ça.\n\nLe lun. 9 nov. 2026 à 10:00, SupportBot <support@example.edu> a écrit :\nEst-ce que la réponse B est correcte ?";
        AssertKeepsOnly(Extract(body), ["Oui, c'est bien ça."], ["a écrit", "réponse B"]);
    }

    [Fact]
    public void A_sentence_mentioning_wrote_is_not_an_attribution()
    {
        var body = "My teacher wrote:\nuse Python 3 for every exercise.";
        Assert.Equal(body, Extract(body));
    }

    [Fact]
    public void Lines_starting_with_from_and_to_in_prose_are_kept()
    {
        var body = "From: the course page, click Resources.\nTo: download the slides, use the button.";
        Assert.Equal(body, Extract(body));
    }

    [Fact]
    public void Dash_dash_signature_is_removed()
    {
        var body = "Restart the kernel.\n\n-- \nBob Martin\nData engineer, Example Corp\nhttps://example.org";
        AssertKeepsOnly(Extract(body), ["Restart the kernel."], ["Bob Martin", "example.org"]);
    }

    [Theory]
    [InlineData("Sent from my iPhone")]
    [InlineData("Sent from my Galaxy")]
    [InlineData("Sent from my phone")]
    [InlineData("Sent from my Samsung Galaxy smartphone.")]
    [InlineData("Sent from Mail for Windows")]
    [InlineData("Envoyé de mon iPhone")]
    [InlineData("Envoyé depuis Outlook pour Android")]
    [InlineData("Envoyé depuis Outlook pour iOS")]
    [InlineData("Envoyé à partir de Outlook")]
    [InlineData("Get Outlook for iOS")]
    [InlineData("Obtenir Outlook pour Android")]
    [InlineData("Von meinem iPhone gesendet")]
    [InlineData("Enviado desde mi iPhone")]
    [InlineData("Inviato da iPhone")]
    [InlineData("Sent from my iPhone, please excuse typos")]
    [InlineData("Sent from my HTC; excuse the brevity")]
    [InlineData("Envoyé de mon Galaxy, désolé pour les fautes")]
    public void Device_signatures_are_removed(string signature)
    {
        var body = $"Oui, la vidéo est en ligne.\n\n{signature}\n\n> La vidéo est-elle en ligne ?";
        Assert.Equal("Oui, la vidéo est en ligne.", Extract(body));
    }

    [Theory]
    [InlineData("Sent from my desk, is much easier then my mobile phone.")]
    [InlineData("Envoyé de mon bureau, c'est plus simple que depuis mon téléphone.")]
    public void A_sentence_that_starts_like_a_device_footer_is_kept(string sentence)
    {
        // github/email_reply_parser's test email 1_7: only "my" made it a device, whatever followed the comma.
        var body = $"Here is another email\n\n{sentence}\n\n> Is the video online?";
        Assert.Equal($"Here is another email\n\n{sentence}", Extract(body));
    }

    [Theory]
    [InlineData("Cordialement,\nJean Dupont\nTuteur, Université d'Exemple", "Cordialement,")]
    [InlineData("Bien à vous,\nJean Dupont", "Bien à vous,")]
    [InlineData("Bien cordialement\n\nJean Dupont\n06 12 34 56 78", "Bien cordialement")]
    [InlineData("Merci,\nJean", "Merci,")]
    [InlineData("Best regards,\nAlice Example\nSenior Analyst | Example Corp\n+1 555 0100", "Best regards,")]
    [InlineData("Thanks,\nBob", "Thanks,")]
    [InlineData("Cheers, Bob", "Cheers, Bob")]
    [InlineData("Kind regards", "Kind regards")]
    [InlineData("Mit freundlichen Grüßen\nAlice Beispiel", "Mit freundlichen Grüßen")]
    public void Closing_stays_and_the_name_block_under_it_is_removed(string closing, string kept)
    {
        // #15: the closing is what the peer wrote; the name, title and phone under it are their signature.
        var body = $"Hello,\n\nThe file is in the Resources tab.\n\n{closing}\n";
        Assert.Equal($"Hello,\n\nThe file is in the Resources tab.\n\n{kept}", Extract(body));
    }

    [Fact]
    public void Thanks_followed_by_a_sentence_is_content()
    {
        var body = "Thanks, that fixed it.";
        Assert.Equal(body, Extract(body));
    }

    [Fact]
    public void Merci_starting_a_sentence_at_the_end_is_content()
    {
        var body = "La correction est en ligne.\nMerci pour votre patience et bonne continuation dans le cours.";
        Assert.Equal(body, Extract(body));
    }

    [Fact]
    public void A_reply_that_is_only_a_closing_is_not_emptied()
    {
        Assert.Equal("Merci !", Extract("Merci !\n\nLe 12 nov. 2026 à 18:04, SupportBot a écrit :\n> Voici la réponse."));
        Assert.Equal("Thanks,", Extract("Thanks,\nBob"));
    }

    [Fact]
    public void Name_and_device_line_under_a_closing_are_removed()
    {
        var body = "Le lien est corrigé.\n\nMerci,\nJean\n\nEnvoyé de mon iPhone\n\n> Le lien est cassé.";
        Assert.Equal("Le lien est corrigé.\n\nMerci,", Extract(body));
    }

    [Fact]
    public void Inline_answers_are_kept_with_the_line_they_answer()
    {
        var body = """
            On Thu, Nov 12, 2026 at 6:04 PM SupportBot <support@example.edu> wrote:
            > Hello Bob, a learner asks:
            >
            > Which Python version should I install?
            Python 3.12.

            > Do I need Anaconda?

            No, pip is enough.

            > Thanks for your help!
            """;
        var result = Extract(body);
        AssertKeepsOnly(
            result,
            ["> Which Python version should I install?\nPython 3.12.", "> Do I need Anaconda?\n\nNo, pip is enough."],
            ["wrote:", "Hello Bob", "Thanks for your help"]);
    }

    [Fact]
    public void French_inline_answers_keep_each_answer_after_its_question()
    {
        var body = "Bonjour,\n\nRéponses ci-dessous.\n\nLe 12 nov. 2026 à 18:04, SupportBot a écrit :\n> Une apprenante demande :\n> Faut-il rendre le devoir en PDF ?\nOui, en PDF.\n> Peut-on le rendre en retard ?\nNon.\n> Merci d'avance\n";
        var result = Extract(body);
        AssertKeepsOnly(
            result,
            ["Bonjour,\n\nRéponses ci-dessous.", "> Faut-il rendre le devoir en PDF ?\nOui, en PDF.", "> Peut-on le rendre en retard ?\nNon."],
            ["a écrit", "Une apprenante demande", "Merci d'avance"]);
        Assert.True(result.IndexOf("Oui, en PDF.", StringComparison.Ordinal) < result.IndexOf("Non.", StringComparison.Ordinal));
    }

    [Fact]
    public void Inline_context_is_limited_to_the_end_of_the_answered_paragraph()
    {
        var body = "> line one\n> line two\n> line three\n> line four\n> line five\nAnswer A\n> question two\nAnswer B";
        var result = Extract(body);
        AssertKeepsOnly(result, ["> line three\n> line four\n> line five\nAnswer A", "> question two\nAnswer B"], ["line one", "line two"]);
    }

    [Fact]
    public void Bottom_posted_answer_is_kept_without_the_quote()
    {
        var body = "Le 12 nov. 2026 à 18:04, SupportBot a écrit :\n> Une apprenante demande comment exporter en CSV.\n> Merci de votre aide.\n\nFichier > Exporter > CSV.\n\nJean";
        var result = Extract(body);
        AssertKeepsOnly(result, ["Fichier > Exporter > CSV."], ["a écrit", "apprenante", "Merci de votre aide"]);
    }

    [Fact]
    public void Signature_under_the_quote_is_not_mistaken_for_an_answer()
    {
        var body = "Use the second link.\n\nOn Thu, Nov 12, 2026 at 6:04 PM SupportBot wrote:\n> Which link?\n\n--\nBob";
        Assert.Equal("Use the second link.", Extract(body));
    }

    [Fact]
    public void Quote_line_wrapped_without_marker_is_not_an_answer()
    {
        var body = "Agreed.\n\n> This is a long quoted line that the client wrapped at seventy two\ncharacters without repeating the marker\n> and the quote goes on.";
        AssertKeepsOnly(Extract(body), ["Agreed."], ["seventy", "characters without", "goes on"]);
    }

    [Fact]
    public void Everything_quoted_falls_back_to_the_quoted_text()
    {
        var result = Extract("On Thu, Nov 12, 2026 at 6:04 PM Bob wrote:\n> The answer is in chapter 4.\n");
        Assert.Equal("The answer is in chapter 4.", result);
    }

    [Fact]
    public void Header_block_with_nothing_above_falls_back_to_the_message_below_it()
    {
        var body = "De : Bob Martin\nEnvoyé : jeudi 12 novembre 2026 18:04\nÀ : SupportBot\nObjet : RE: Question\n\nLa réponse est au chapitre 4.";
        Assert.Equal("La réponse est au chapitre 4.", Extract(body));
    }

    [Fact]
    public void Gmail_forward_keeps_the_note_and_the_forwarded_message_without_its_headers()
    {
        var body = """
            See my colleague's answer below.

            ---------- Forwarded message ---------
            From: Carol Teacher <carol@example.org>
            Date: Thu, Nov 12, 2026 at 7:15 PM
            Subject: Re: Question about module 3
            To: Bob Martin <bob@example.org>


            The deadline was moved to December 1st.

            Carol

            On Thu, Nov 12, 2026 at 6:04 PM Bob Martin <bob@example.org> wrote:
            > Carol, do you know the deadline?
            """;
        var result = Extract(body);
        AssertKeepsOnly(
            result,
            ["See my colleague's answer below.", "The deadline was moved to December 1st."],
            ["Forwarded message", "From: Carol Teacher", "Subject:", "do you know the deadline", "wrote:"]);
    }

    [Fact]
    public void French_forward_without_a_note_keeps_the_forwarded_message_without_its_headers()
    {
        var body = "---------- Message transféré ---------\nDe : Carol <carol@example.org>\nDate: jeu. 12 nov. 2026 à 19:15\nSubject: Re: Question\nTo: Bob <bob@example.org>\n\n\nLa date limite est le 1er décembre.\n";
        var result = Extract(body);
        Assert.Equal("La date limite est le 1er décembre.", result);
    }

    [Fact]
    public void Apple_mail_forward_is_kept_without_its_banner_and_headers()
    {
        var body = "FYI\n\nBegin forwarded message:\n\nFrom: Carol <carol@example.org>\nSubject: Deadline\nDate: 12 November 2026 at 19:15:00 CET\nTo: Bob <bob@example.org>\n\nThe deadline is December 1st.\n";
        Assert.Equal("FYI\n\nThe deadline is December 1st.", Extract(body));
    }

    [Fact]
    public void Outlook_forward_is_kept_only_when_the_caller_says_it_is_a_forward()
    {
        var body = "Voir ci-dessous.\n\n________________________________\nDe : Carol <carol@example.org>\nEnvoyé : jeudi 12 novembre 2026 19:15\nÀ : Bob\nObjet : Date limite\n\nC'est le 1er décembre.";
        Assert.Equal("Voir ci-dessous.", Extract(body));
        Assert.Equal("Voir ci-dessous.\n\nC'est le 1er décembre.", Extract(body, isForward: true));
    }

    [Fact]
    public void Unquoted_history_after_inline_answers_is_removed()
    {
        var body = "> First question?\nFirst answer.\n> Second question?\nSecond answer.\n\n-----Original Message-----\nFrom: a\nSent: b\nTo: c\nSubject: d\n\nold text";
        AssertKeepsOnly(Extract(body), ["First answer.", "Second answer."], ["Original Message", "old text"]);
    }

    [Fact]
    public void Sender_name_alone_at_the_end_is_a_sign_off()
    {
        var body = "Use the second link.\n\nBob\n\nOn Thu, Nov 12, 2026 at 6:04 PM SupportBot wrote:\n> Which link?";
        Assert.Equal("Use the second link.", ReplyExtractor.Extract(body, senderName: "Bob Martin"));
        // A name alone in its own paragraph under the text signs it, even when the From name is unknown.
        Assert.Equal("Use the second link.", ReplyExtractor.Extract(body));
        Assert.Equal("Relancez le noyau.", ReplyExtractor.Extract("Relancez le noyau.\n\nMarie\n\nEnvoyé de mon iPhone\n\n> Le 3 mars 2027 à 09:15, SupportBot a écrit :\n> Un apprenant demande :"));
    }

    [Fact]
    public void Contact_line_with_an_address_above_the_attribution_is_signature_not_attribution()
    {
        var body = "Restart the kernel.\n\nTom Wilson\nTeaching Assistant, Module 1\nDepartment of Computing | Example University\ntom.wilson@example.edu | +44 20 7946 0000\n\nOn Tue, 3 Mar 2027 at 09:15, SupportBot <support@example.edu> wrote:\n> A learner asks:\n";
        Assert.Equal("Restart the kernel.", ReplyExtractor.Extract(body));
    }

    [Fact]
    public void Name_under_the_last_quote_is_a_sign_off_but_a_short_answer_is_not()
    {
        var signed = "> Question one?\nAnswer one.\n> Question two?\nAnswer two.\n> Thanks!\n\nTom";
        AssertKeepsOnly(Extract(signed), ["Answer one.", "Answer two."], ["Tom", "Thanks!"]);

        var answered = "> Question one?\nAnswer one.\n> Is that all?\nYes";
        Assert.EndsWith("> Is that all?\nYes", Extract(answered), StringComparison.Ordinal);
    }

    [Fact]
    public void Quoted_lines_inside_the_peers_text_stay_out_of_a_top_posted_reply()
    {
        var body = "Bonjour,\n\nVoici la commande :\n\n    pip install -r requirements.txt\n\nBonne journée,\nJean\n\nLe 12 nov. 2026 à 18:04, SupportBot a écrit :\n> Comment installer les dépendances ?";
        var result = Extract(body);
        AssertKeepsOnly(result, ["Voici la commande :", "    pip install -r requirements.txt", "Bonne journée,"], ["Jean", "Comment installer"]);
    }

    [Theory]
    [InlineData("Von: SupportBot <support@example.edu>\nGesendet: Donnerstag, 12. November 2026 18:04\nAn: Anna\nBetreff: Frage")]
    [InlineData("De: SupportBot <support@example.edu>\nEnviado: jueves, 12 de noviembre de 2026 18:04\nPara: Ana\nAsunto: Pregunta")]
    [InlineData("Da: SupportBot <support@example.edu>\nInviato: giovedì 12 novembre 2026 18:04\nA: Anna\nOggetto: Domanda")]
    [InlineData("Van: SupportBot <support@example.edu>\nVerzonden: donderdag 12 november 2026 18:04\nAan: Anna\nOnderwerp: Vraag")]
    [InlineData("De: SupportBot <support@example.edu>\nEnviado: quinta-feira, 12 de novembro de 2026 18:04\nPara: Ana\nAssunto: Pergunta")]
    [InlineData("-----Ursprüngliche Nachricht-----\nVon: SupportBot")]
    [InlineData("----- Mensaje original -----\nDe: SupportBot")]
    [InlineData("-------- Original Message --------\nSubject: Q")]
    public void Outlook_history_is_removed_in_any_language(string history)
    {
        var body = $"Antwort: 42\n\n{history}\n\nOld question text";
        Assert.Equal("Antwort: 42", Extract(body));
    }

    [Theory]
    [InlineData("Wednesday, 3 March 2027, 9:15 AM +0100 from alice@example.com <alice@example.com>:")]
    [InlineData("Alice Example <alice@example.com> schrieb am Mi., 3.\nMärz 2027 um 09:15 Uhr:")]
    [InlineData("On Wed, 3 Mar 2027 at 09:15 Alice Example\n\n<\nmailto:Alice Example <alice@example.com>\n> wrote:")]
    [InlineData("2027-03-03 09:15 GMT+01:00 Alice Example <\nalice@example.com>:")]
    [InlineData("2027-03-03 09:15 GMT+01:00 Alice Example")]
    [InlineData("On 3-Mar-2027, at 9:15 AM, Alice Example <alice@example.com> sent:")]
    public void Attribution_written_or_wrapped_otherwise_starts_unquoted_history(string attribution)
    {
        var body = $"Restart the kernel first.\n\n{attribution}\n\nHow do I reset the notebook?\nAlice\n";
        Assert.Equal("Restart the kernel first.", Extract(body));
    }

    [Fact]
    public void Sentence_ending_in_a_full_stop_is_not_joined_to_the_attribution_below()
    {
        var body = "On Monday the build broke.\n\nI wrote:\n> make test\n> fails on line 3\n";
        Assert.Equal("On Monday the build broke.", Extract(body));
    }

    [Fact]
    public void Reply_that_is_only_a_thank_you_keeps_it_and_drops_the_device_line()
    {
        var body = "Thank you!\n\nSent from my iPhone\n\nOn Wed, 3 Mar 2027 at 09:15, Alice Example <alice@example.com> wrote:\n\n> The notebook is fixed.\n";
        Assert.Equal("Thank you!", Extract(body));
    }

    [Fact]
    public void From_with_an_address_over_a_dated_line_starts_history()
    {
        var body = "I can take Thursday 2-4pm.\n\nFrom: alice@example.com\nDate: Wed, 3 Mar 2027 09:15:02 +0100\n\nWho can run the lab session?\n";
        Assert.Equal("I can take Thursday 2-4pm.", Extract(body));
    }

    [Fact]
    public void Rule_and_dated_line_above_a_french_header_block_go_with_it()
    {
        var body = "Le TP 3 est en ligne.\n\n====\n\nMessage du : 03/03/2027 09:15\nDe : \"Alice Example\" <alice@example.com>\nÀ : bob@example.com\nCopie à :\nObjet : TP 3\n\nOù est le TP 3 ?\n";
        Assert.Equal("Le TP 3 est en ligne.", Extract(body));
    }

    [Fact]
    public void Short_lower_case_tail_of_a_wrapped_quoted_sentence_stays_quoted()
    {
        var body = "Try it on the lab machines.\n\nOn Wed, 3 Mar 2027 at 09:15, Alice Example <alice@example.com> wrote:\n> The notebook stops at the third cell every time I run the whole thing.\nagain and again.\n>\n> Alice\n";
        Assert.Equal("Try it on the lab machines.", Extract(body));
    }

    [Fact]
    public void Tail_of_a_quoted_link_wrapped_without_marker_stays_quoted()
    {
        // Clients hard-wrap a long link at 72-76 columns and the continuation loses its "> ".
        var body = "See the course page.\n\nOn Wed, 3 Mar 2027 at 09:15, Alice Example <alice@example.com> wrote:\n> The link (https://lms.example.edu/course/view.php?id=42&section\n=3&forceview=1) gives an error.\n>\n> Alice\n";
        Assert.Equal("See the course page.", Extract(body));
    }

    [Fact]
    public void One_word_answer_under_a_quoted_link_is_still_an_answer()
    {
        var body = "> Is it https://lms.example.edu/course/view.php?id=42\nYes.\n> And the slides?\nNo.\n";
        var result = Extract(body);
        Assert.Contains("Yes.", result, StringComparison.Ordinal);
        Assert.Contains("No.", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_lower_case_answer_between_quotes_is_still_an_answer()
    {
        var body = "> Run the notebook from the first cell after restarting the kernel.\nyes, that works.\n> Then export it as HTML for the report please.\nok, done.\n";
        var result = Extract(body);
        Assert.Contains("yes, that works.", result, StringComparison.Ordinal);
        Assert.Contains("ok, done.", result, StringComparison.Ordinal);
    }

    [Fact]
    public void Attribution_left_at_the_top_does_not_swallow_the_reply_under_it()
    {
        // Some mobile clients reply under the quote and leave the attribution of the message they answer on top.
        var body = "On Tue, 3 Mar 2026 at 09:12, Ana Lopes <ana@example.org> wrote:\n\nThe build fails because the path has a space in it.\nMove the project to C:\\dev and rebuild.\n\n"
            + "On Mon, 2 Mar 2026 at 18:40, Tom Baker <tom@example.org> wrote:\n\n> Any idea why msbuild stops at step 3?\n> It worked yesterday.\n\nIt is the space in the path, see above.\n";
        Assert.Equal(
            "The build fails because the path has a space in it.\nMove the project to C:\\dev and rebuild.\n\nIt is the space in the path, see above.",
            ReplyExtractor.Extract(body, quoteContext: false));
    }

    [Fact]
    public void Line_framed_by_arrows_on_both_sides_is_text_not_a_quote()
    {
        var body = "Our lab opens at 9.\n>> Book a seat: https://lab.example.edu/book <<\nSee you there.\n";
        Assert.Equal("Our lab opens at 9.\n>> Book a seat: https://lab.example.edu/book <<\nSee you there.", ReplyExtractor.Extract(body, quoteContext: false));
    }

    [Fact]
    public void Quoted_line_of_arrows_alone_stays_a_quote()
    {
        var body = "Use the second form.\n\nOn Tue, 3 Mar 2026 at 09:12, Ana Lopes <ana@example.org> wrote:\n> >>>>>>>>\n> x = 2\n> <<<<<<<<<\n";
        Assert.Equal("Use the second form.", ReplyExtractor.Extract(body, quoteContext: false));
    }

    // Mobile footers in more languages, verb first or device first as each app writes it.
    [Theory]
    [InlineData("Wysłane z iPhone'a")]
    [InlineData("Odesláno z iPhonu")]
    [InlineData("Poslano z iPhona")]
    [InlineData("Отправлено с iPhone")]
    [InlineData("Lähetetty iPhonesta")]
    [InlineData("Trimis de pe iPhone")]
    [InlineData("Enviat des del meu iPhone")]
    [InlineData("iPhoneから送信")]
    [InlineData("发自我的iPhone")]
    [InlineData("나의 iPhone에서 보냄")]
    [InlineData("iPhone'umdan gönderildi")]
    public void Mobile_footer_in_other_languages_is_removed(string footer)
    {
        var body = $"Try without the space.\n\n{footer}\n\n> Why does the build fail?\n";
        Assert.Equal("Try without the space.", Extract(body));
    }

    [Fact]
    public void Hebrew_gmail_attribution_with_direction_marks_is_removed()
    {
        // Gmail wraps names and addresses in embedding and mark characters in right-to-left languages.
        var body = "Try without the space.\n\n\u202Bבתאריך יום ג׳, 3 במרץ 2026 ב-9:12 מאת \u202AAna Lopes\u202C\u200F <\u202Aana@example.org\u202C\u200F>:\u202C\n\n> Why?\n";
        Assert.Equal("Try without the space.", Extract(body));
    }

    [Theory]
    [InlineData("-------- 原始邮件 --------\n发件人: Ana Lopes <ana@example.org>\n日期: 2026年3月3日 09:12\n收件人: Tom\n主题: Build")]
    [InlineData("-------- Eredeti üzenet --------\nFeladó: Ana Lopes <ana@example.org>\nDátum: 2026. 03. 03. 9:12\nCímzett: Tom\nTárgy: Build")]
    [InlineData("-------- Izvorna poruka --------\nOd: Ana Lopes <ana@example.org>\nDatum: 3.3.2026. 9:12\nZa: Tom\nPredmet: Build")]
    public void Original_message_rule_in_other_languages_is_removed(string history)
    {
        var body = $"Try without the space.\n\n{history}\n\nWhy does the build fail?\n";
        Assert.Equal("Try without the space.", Extract(body));
    }
}
