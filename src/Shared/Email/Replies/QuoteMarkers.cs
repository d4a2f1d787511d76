using System.Text.RegularExpressions;

namespace SupportBot.Shared.Email.Replies;

/// <summary>
/// The lines mail clients write where quoted history begins: "On … wrote:" attributions, "Original
/// Message" rules, Outlook header blocks, forward banners. Patterns run on folded text (lower case,
/// no accents), which is why they read "a ecrit" and "envoye".
/// </summary>
internal static partial class QuoteMarkers
{
    // Verbs that end an attribution; German, Dutch and some others put the author after the verb.
    // Text is folded first, so Cyrillic "й" reads "и" and Japanese voiced kana lose their mark.
    private const string Verbs =
        @"wrote|a\s+ecrit|schrieb|geschrieben|escribio|ha\s+scritto|scrisse|schreef|geschreven|escreveu|skrev|skriver|pisze|napsal\(a\)|napsal|napisał\(a\)|napisała|napisał|написал\(а\)|написала|написал|kirjoitti|irta|yazdı|yazdi|εγραψε|"
        + @"a\s+scris|(?:je\s+)?napisao(?:/la)?|(?:je\s+)?napisala|(?:je\s+)?napisal(?:\(a\)|/a)?|написав\(ла\)|написав|написала|написа|rase|rakstija|kirjutas|menulis|đa\s+viet|da\s+viet|va\s+escriure|skrifaði|skrev\s+følgende|כתב\(ה\)|כתבה|כתב|كتب|نوشت|เขียน";

    // Chinese, Japanese and Korean write the verb against the name, with no space before it.
    private const string JoinedVerbs = @"写道|寫道|작성|書きました|書き込みました";

    // Words an attribution starts with when it carries a date ("On Monday…", "Le 12 nov.…", "Am 12.11.…").
    private const string Intros =
        @"on|le|am|el|il\s+giorno|il|in|op|em|no\s+dia|den|pa|w\s+dniu|dne|в|στις|u|dana|pada|vao|在";

    private const int MaxAttributionLength = 400;

    // "sent" only after a dated intro: "On 11-Apr-2011, at 6:54 PM, Alice <alice@example.com> sent:" (Yahoo);
    // "Here is what I sent:" alone is a sentence.
    [GeneratedRegex(@"^(?:" + Intros + @")\s.{0,300}?\b(?:" + Verbs + @"|sent)(?:\s.{0,150})?\s*:$", RegexOptions.CultureInvariant)]
    private static partial Regex DatedAttribution();

    [GeneratedRegex(@"^(?:" + Intros + @")\s", RegexOptions.CultureInvariant)]
    private static partial Regex AttributionIntro();

    [GeneratedRegex(@"^.{1,200}?(?:\s(?:" + Verbs + @")|(?:" + JoinedVerbs + @"))(?:\s.{0,120})?\s*:$", RegexOptions.CultureInvariant)]
    private static partial Regex AuthorAttribution();

    // Old Gmail and some webmails: "2026-11-12 18:04 GMT+01:00 Alice <alice@example.com>:".
    [GeneratedRegex(@"^\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}.{0,200}@.{0,120}:$", RegexOptions.CultureInvariant)]
    private static partial Regex DateFirstAttribution();

    private const string OriginalNames =
        @"original message|message d'origine|message original|mail original|mail d'origine|courriel original|courriel d'origine|ursprungliche nachricht|urspruengliche nachricht|originalnachricht|mensaje original|messaggio originale|oorspronkelijk bericht|origineel bericht|mensagem original|oprindelig meddelelse|original meddelelse|ursprungligt meddelande|opprinnelig melding|wiadomosc oryginalna|alkuperainen viesti|исходное сообщение|puvodni zprava|eredeti uzenet|orijinal ileti|orijinal mesaj|αρχικο μηνυμα|mesaj original|izvorna poruka|originalna poruka|oprindelig besked|originele bericht|pesan asli|tin nhan goc|原始邮件|原始郵件|原始信件|元のメッセージ|원본 메시지|original";

    [GeneratedRegex(@"^[-=_*]{2,}\s*(?:" + OriginalNames + @")\s*[-=_*]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex OriginalMessageRule();

    // Outlook draws a line of underscores above the header block of the message it quotes.
    [GeneratedRegex(@"^_{8,}$", RegexOptions.CultureInvariant)]
    private static partial Regex UnderscoreRule();

    private const string ForwardNames =
        @"forwarded message|forwarded e-?mail|message transfere|message reexpedie|weitergeleitete nachricht|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|mensagem encaminhada|mensagem reencaminhada|videresendt meddelelse|vidarebefordrat meddelande|przekazana wiadomosc";

    [GeneratedRegex(@"^[-=_*]{2,}\s*(?:" + ForwardNames + @")\s*[-=_*]{2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex ForwardRule();

    [GeneratedRegex(
        @"^(?:begin forwarded message|debut du message reexpedie|debut du message transfere|anfang der weitergeleiteten (?:nachricht|e-mail)|inicio del mensaje reenviado|comienzo del mensaje reenviado|inizio messaggio inoltrato|begin doorgestuurd bericht|inicio da mensagem reencaminhada|inicio da mensagem encaminhada|" + ForwardNames + @")\s*:$",
        RegexOptions.CultureInvariant)]
    private static partial Regex ForwardIntro();

    // A forward banner at the start of an HTML block's text, where line breaks are lost.
    [GeneratedRegex(@"^\s*(?:[-=_*]{2,}\s*(?:" + ForwardNames + @")|begin forwarded message|debut du message (?:reexpedie|transfere))", RegexOptions.CultureInvariant)]
    private static partial Regex ForwardBannerStart();

    // Outlook's labels as its localised versions write them (folded), beyond the seven main languages too.
    private const string FromLabels =
        @"from|de|von|van|da|fran|fra|od|от|de la|kimden|lahettaja|felado|від|apo|απο|发件人|發件人|寄件者|寄件人|差出人|보낸 사람|보낸사람|מאת|من";
    private const string DateLabels =
        @"sent|date|datum|envoye|gesendet|enviado|enviada|fecha|inviato|data|verzonden|verstuurd|skickat|sendt|dato|"
        + @"wysłano|wyslano|odeslano|отправлено|дата|надіслано|lahetetty|paivamaara|gonderildi|gonderilme tarihi|tarih|elkuldve|datum odeslani|"
        + @"trimis|enviat|poslano|saadetud|issiusta|nosutits|απεσταλη|ημερομηνια|发送时间|發送時間|寄件日期|日期|时间|時間|送信日時|日付|보낸 날짜|날짜|נשלח|تاريخ|ارسال";
    private const string OtherLabels =
        @"to|a|an|aan|para|til|till|do|кому|cc|bcc|cci|copie a|copie|kopie|subject|objet|sujet|betreff|asunto|oggetto|onderwerp|assunto|amne|emne|temat|тема|reply-to|repondre a|importance|priorite|"
        + @"komu|kime|vastaanottaja|cimzett|catre|до|προς|收件人|收件者|宛先|받는 사람|받는사람|אל|الى|إلى|"
        + @"predmet|konu|aihe|targy|subiect|tema|naslov|θεμα|主题|主旨|件名|제목|נושא|الموضوع|موضوع|"
        + @"dw|kopio|bilgi|masolat|копия|抄送|副本|参照|참조|עותק";

    [GeneratedRegex(@"^\*{0,2}\s*(?:(?<from>" + FromLabels + @")|(?<date>" + DateLabels + @")|" + OtherLabels + @")\s*\*{0,2}\s*:\s*\*{0,2}(?:\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderLabel();

    // What some clients write above the header block: a rule ("====", "------") or a dated line ("Message du : 12/12/2016 13:20").
    [GeneratedRegex(@"^(?:[-=_*~]{3,}|[^:\d]{1,30}:\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}.{0,30})$", RegexOptions.CultureInvariant)]
    private static partial Regex HeaderPreambleLine();

    // A line ending in ":" that names a time and an address is an attribution whatever its words:
    // "Wednesday, 17 November 2021, 3:32 PM +0300 from bob@example.com <bob@example.com>:".
    [GeneratedRegex(@"^(?=.*\b\d{1,2}:\d{2}\b)(?=.*[\w.+-]@[\w-]+\.\w).{10,300}:$", RegexOptions.CultureInvariant)]
    private static partial Regex TimeAndAddressAttribution();

    // Old Gmail once the address is lost (a webmail's text part): "2016-03-03 17:21 GMT+01:00 Alice Example".
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2} \d{1,2}:\d{2} gmt[+-]\d{1,2}(?::\d{2})? \S.{0,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex GmailDateNameLine();

    // Clients wrap long attributions; a continuation line ends what it continues, a sentence never does.
    private const int MaxAttributionLines = 4;

    /// <summary>
    /// Number of lines of an attribution ("On … wrote:") starting at <paramref name="start"/>, 0 if none.
    /// Clients wrap long attributions over two to four lines, sometimes with a blank line or the address
    /// alone on one ("On Thu… Alice" / "&lt;" / "mailto:alice@…" / "&gt; wrote:"), so joined lines are tried too.
    /// </summary>
    public static int AttributionLength(IReadOnlyList<BodyLine> lines, int start, out bool dated)
    {
        dated = false;
        var first = lines[start];
        if (first.IsQuoted || first.IsBlank)
        {
            return 0;
        }

        var firstFolded = FoldColons(first.Canonical);
        var joined = Undecorated(firstFolded);
        if (GmailDateNameLine().IsMatch(firstFolded))
        {
            dated = true;
            return 1;
        }

        var mayContinue = AttributionIntro().IsMatch(firstFolded) || firstFolded.Contains('@', StringComparison.Ordinal)
            || char.IsDigit(firstFolded[0]);
        var length = 1;
        for (var count = 1; count <= MaxAttributionLines; count++)
        {
            if (count > 1)
            {
                var last = lines[start + length - 1];
                var next = start + length;
                if (next < lines.Count && lines[next].IsBlank && !lines[next].IsQuoted && count == 2)
                {
                    next++; // one blank line inside an attribution, as some clients write it
                }

                if (!mayContinue || next >= lines.Count || lines[next].IsBlank || EndsSentence(last.Canonical))
                {
                    return 0;
                }

                var line = lines[next];
                if (count == 2 && !line.IsQuoted && !AttributionIntro().IsMatch(firstFolded) && AttributionIntro().IsMatch(BodyLine.Fold(line.Canonical)))
                {
                    return 0; // a signature's "bob@example.com | +44…" line above "On … wrote:" is not its first half
                }

                if (line.IsQuoted && !(line.QuoteDepth == 1 && line.Canonical.Length <= 40 && line.Canonical.EndsWith(':')))
                {
                    return 0; // only the tail of a wrapped address line ("> wrote:") may look quoted
                }

                joined = joined + " " + FoldColons(line.IsQuoted ? BodyLine.Canonicalize(line.Text) : line.Canonical);
                length = next - start + 1;
                if (!joined.Any(char.IsDigit))
                {
                    continue;
                }
            }

            if (joined.Length > MaxAttributionLength)
            {
                return 0;
            }

            if (DatedAttribution().IsMatch(joined))
            {
                dated = joined.Any(char.IsDigit);
                return length;
            }

            if (TimeAndAddressAttribution().IsMatch(joined) && !HeaderLabel().IsMatch(joined))
            {
                dated = true;
                return length;
            }

            if (AuthorAttribution().IsMatch(joined) || DateFirstAttribution().IsMatch(joined))
            {
                dated = count > 1 || DateFirstAttribution().IsMatch(joined);
                return length;
            }
        }

        return 0;
    }

    /// <summary>Folded, with the full-width colon Chinese, Japanese and Korean clients write ("写道：", "发件人：") read as ":".</summary>
    private static string FoldColons(string canonical) => BodyLine.Fold(canonical).Replace("\uFF1A", ": ", StringComparison.Ordinal).TrimEnd();

    /// <summary>"The build broke." ends a sentence; "schrieb am Fr., 28." and "Apr." (a wrapped date) do not.</summary>
    private static bool EndsSentence(string canonical)
    {
        if (canonical.EndsWith('!') || canonical.EndsWith('?'))
        {
            return true;
        }

        var lastWord = canonical.Split(' ')[^1];
        return lastWord.Length > 4 && lastWord.EndsWith('.') && lastWord[..^1].All(char.IsLower);
    }

    /// <summary>
    /// Zoho and some webmails frame the attribution in dashes, without the colon:
    /// "---- On Tue, 01 Dec 2026 … wrote ----" reads as "on tue, 01 dec 2026 … wrote:".
    /// </summary>
    private static string Undecorated(string folded)
    {
        var trimmed = folded.Trim('-', '=', ' ');
        return trimmed.Length < folded.Length - 3 && folded.StartsWith("--", StringComparison.Ordinal) && folded.EndsWith("--", StringComparison.Ordinal)
            ? (trimmed.EndsWith(':') ? trimmed : trimmed + ":")
            : folded;
    }

    /// <summary>"-----Original Message-----", "-----Message d'origine-----" and Outlook's underscore rule.</summary>
    public static bool IsOriginalMessageRule(BodyLine line)
    {
        if (line.IsQuoted || line.IsBlank)
        {
            return false;
        }

        var folded = BodyLine.Fold(line.Canonical);
        return OriginalMessageRule().IsMatch(folded) || UnderscoreRule().IsMatch(folded);
    }

    public static bool IsForwardBanner(BodyLine line)
    {
        if (line.IsQuoted || line.IsBlank)
        {
            return false;
        }

        var folded = BodyLine.Fold(line.Canonical);
        return ForwardRule().IsMatch(folded) || ForwardIntro().IsMatch(folded);
    }

    public static bool StartsWithForwardBanner(string text) => ForwardBannerStart().IsMatch(BodyLine.Fold(BodyLine.Canonicalize(text)));

    /// <summary>
    /// Number of lines of a "From: / Sent: / To: / Subject:" block (any language, bold or not) starting
    /// at <paramref name="start"/>, 0 if none. A From label plus two others is what no sentence has.
    /// </summary>
    public static int HeaderBlockLength(IReadOnlyList<BodyLine> lines, int start)
    {
        if (!IsHeaderLabel(lines[start], out _, out _))
        {
            return 0;
        }

        var labels = 0;
        var hasFrom = false;
        var fromHasAddress = false;
        var hasDate = false;
        var strayLines = 0;
        var end = start;
        for (var i = start; i < lines.Count && i < start + 14; i++)
        {
            var line = lines[i];
            if (line.IsQuoted)
            {
                break;
            }

            if (line.IsBlank)
            {
                continue;
            }

            if (IsHeaderLabel(line, out var isFrom, out var isDate))
            {
                labels++;
                hasFrom |= isFrom;
                fromHasAddress |= isFrom && line.Canonical.Contains('@', StringComparison.Ordinal);
                hasDate |= isDate && line.Canonical.Any(char.IsDigit);
                end = i;
                strayLines = 0;
            }
            else if (++strayLines > 2)
            {
                break;
            }
        }

        // "From: alice@example.com" over "Date: Wed, 16 May 2012 00:15" is a header pair no sentence writes either.
        return hasFrom && (labels >= 3 || (labels == 2 && fromHasAddress && hasDate)) ? end - start + 1 : 0;
    }

    /// <summary>
    /// Where the history above a header block at <paramref name="start"/> begins: up to two rule or dated
    /// lines just above it ("====", "Message du : 12/12/2016 13:20") belong to it.
    /// </summary>
    public static int HeaderPreambleStart(IReadOnlyList<BodyLine> lines, int start)
    {
        var begin = start;
        var taken = 0;
        for (var i = start - 1; i >= 0 && taken < 2; i--)
        {
            if (lines[i].IsBlank && !lines[i].IsQuoted)
            {
                continue;
            }

            if (lines[i].IsQuoted || !HeaderPreambleLine().IsMatch(BodyLine.Fold(lines[i].Canonical)))
            {
                break;
            }

            begin = i;
            taken++;
        }

        return begin;
    }

    private static bool IsHeaderLabel(BodyLine line, out bool isFrom, out bool isDate)
    {
        isFrom = false;
        isDate = false;
        if (line.IsQuoted || line.IsBlank)
        {
            return false;
        }

        var match = HeaderLabel().Match(FoldColons(line.Canonical));
        isFrom = match.Success && match.Groups["from"].Success;
        isDate = match.Success && match.Groups["date"].Success;
        return match.Success;
    }
}
