using System.Text.RegularExpressions;

namespace SupportBot.Shared.Email.Replies;

/// <summary>
/// Finds where a block of new text turns into a signature: the "-- " delimiter, a device line
/// ("Sent from my iPhone", "Envoyé de mon iPhone", "Get Outlook for iOS"), or a closing
/// ("Cordialement,", "Best regards,", "Thanks,") followed only by a name-and-title block.
/// </summary>
internal static partial class SignatureTrimmer
{
    // Closings, folded (lower case, no accents). A line that is one of these, optionally followed by a name.
    private static readonly string[] Closings =
    [
        // English
        "best", "best regards", "kind regards", "kindest regards", "regards", "warm regards", "warmest regards",
        "best wishes", "all the best", "many thanks", "thanks", "thank you", "thanks again", "thank you again",
        "thanks a lot", "thanks so much", "thank you so much", "thanks in advance", "thank you in advance",
        "cheers", "sincerely", "yours sincerely", "sincerely yours", "yours truly", "yours", "take care",
        "with thanks", "with best regards", "with kind regards", "thx", "br", "kr", "rgds", "talk soon", "speak soon",
        "have a nice day", "have a good day", "have a great day",
        // French
        "cordialement", "bien cordialement", "tres cordialement", "cordialement votre", "bien a vous", "bien a toi",
        "merci", "merci beaucoup", "merci d'avance", "merci par avance", "merci encore", "merci bien", "mille mercis",
        "merci a vous", "merci a toi", "merci et bonne journee", "bonne journee", "bonne soiree", "belle journee",
        "bonne fin de journee", "bon week-end", "bon weekend", "bonne continuation", "salutations",
        "meilleures salutations", "sinceres salutations", "salutations distinguees", "amicalement", "bien amicalement",
        "amities", "a bientot", "a plus", "bises", "bisous", "au plaisir", "respectueusement", "cdlt", "cdt",
        // German
        "mit freundlichen grussen", "mit freundlichen gruessen", "freundliche grusse", "freundliche gruesse",
        "viele grusse", "viele gruesse", "beste grusse", "beste gruesse", "liebe grusse", "liebe gruesse",
        "herzliche grusse", "herzliche gruesse", "schone grusse", "gruss", "grusse", "gruesse", "lg", "vg", "mfg",
        "danke", "vielen dank", "danke schon", "bis bald",
        // Spanish, Italian, Dutch, Portuguese
        "saludos", "un saludo", "saludos cordiales", "un cordial saludo", "atentamente", "gracias", "muchas gracias",
        "un abrazo", "abrazos", "cordialmente", "cordiali saluti", "saluti", "distinti saluti", "un saluto", "grazie",
        "grazie mille", "a presto", "buona giornata", "met vriendelijke groet", "met vriendelijke groeten",
        "vriendelijke groet", "vriendelijke groeten", "groeten", "groet", "hartelijke groet", "mvg", "bedankt",
        "alvast bedankt", "dank je", "dank u", "atenciosamente", "cumprimentos", "com os melhores cumprimentos",
        "obrigado", "obrigada", "um abraco", "abracos", "abraco", "saudacoes",
        "groetjes", "hartelijke groeten", "met hartelijke groet", "met hartelijke groeten", "met groet", "vriendelijke groetjes",
        "fijne dag", "tot ziens", "dank je wel", "dank u wel", "bedankt alvast", "liebe grusse und bis bald", "schonen tag",
        "einen schonen tag", "bis dann", "tschuss", "buona serata", "a dopo", "saluti cordiali", "cari saluti",
        "un caro saluto", "grazie ancora", "hasta pronto", "hasta luego", "besos", "muchas gracias de antemano",
        "gracias de antemano", "obrigado desde ja", "beijos", "beijinhos", "ate breve",
        "abraco forte", "grande abraco", "hugs", "warmly", "best wishes and regards", "many thanks in advance",
        "regards and thanks", "thanks and regards", "thanks & regards", "bonne journee a vous", "belle soiree",
        "bonne fin de semaine", "a bientot j'espere", "tchao", "merci pour tout", "cordialement a vous",
    ];

    private static readonly HashSet<string> ClosingSet = new(Closings, StringComparer.Ordinal);
    private static readonly int LongestClosingWords = Closings.Max(c => c.Split(' ').Length);

    // How far above the end a closing may sit: a name, a title, an organisation, a phone, a link.
    private const int MaxSignatureLines = 8;

    [GeneratedRegex(
        @"^(?:sent|envoye|gesendet|enviado|enviada|inviato|verzonden|verstuurd|skickat|sendt|wyslane)\s+(?:from|with|via|using|on|de|depuis|a partir de|avec|von|vom|mit|desde|con|da|dal|dalla|vanaf|van|met|do|com|fran|fra|z)\s+(?<rest>.{1,60})$",
        RegexOptions.CultureInvariant)]
    private static partial Regex SentFromDevice();

    [GeneratedRegex(
        @"iphon|ipad|android|outlook|galaxy|samsung|mail|yahoo|proton|blackberry|windows|huawei|xiaomi|pixel|smartphone|mobile|phone|telephone|portable|tablet|aol|\bios\b|\bmac\b|thunderbird|spark|superhuman|tutanota|zoho|handy|movil|cellulare|mobiel",
        RegexOptions.CultureInvariant)]
    private static partial Regex DeviceOrApp();

    // "Sent from my …" names the device after the possessive, whatever the brand ("my HTC", "mon Fairphone").
    [GeneratedRegex(@"^(?:my|mon|ma|meinem|meiner|mi|il mio|la mia|mio|mijn|meu|minha)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Possessive();

    [GeneratedRegex(@"^von\s+(?:meinem|meiner)\s+.{1,50}\s+(?:gesendet|versendet|verschickt)$", RegexOptions.CultureInvariant)]
    private static partial Regex GermanSentFromDevice();

    // Device footers of the other languages mobile mail apps are sold in (folded: "ł" stays, accents go):
    // verb first ("Wysłane z iPhone'a", "Отправлено с iPhone", "Lähetetty iPhonesta", "发自我的iPhone") or
    // device first ("iPhoneから送信", "나의 iPhone에서 보냄", "iPhone'umdan gönderildi").
    [GeneratedRegex(
        @"^(?:(?:wysłane|wyslane|odeslano|poslano|отправлено|надіслано|trimis|enviat)\s+(?:z|ze|s|с|з|из|de pe|des de(?:l)?(?: meu| mi)?)\s+|lahetetty\s+|发自我的|寄自我的|从我的|來自我的|发送自)\s*(?<device>.{1,40})$"
        + @"|^(?:나의\s+)?(?<device>.{1,40}?)\s*(?:から送信|에서 보냄|'?(?:umdan|imden|dan|den|tan|ten) gonderildi|发送)$",
        RegexOptions.CultureInvariant)]
    private static partial Regex OtherSentFromDevice();

    [GeneratedRegex(
        @"^(?:get|obtenir|telecharger|holen sie sich|obtener|descargar|scarica|ottieni|download|obter|obter o|baixar|baixe o|haal)\s+(?:the\s+|l'application\s+|l')?outlook\s+(?:app\s+)?(?:for|pour|fur|para|per|voor)\s+(?:ios|android)\b|^outlook\s+(?:voor|fur|per|para)\s+(?:ios|android)\s*(?:downloaden|herunterladen|scaricare|baixar)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex GetOutlookFor();

    [GeneratedRegex(@"<(?:https?|mailto):[^>\s]*>", RegexOptions.CultureInvariant)]
    private static partial Regex AngleLink();

    // Short answers that look like a name (one capitalised word) but are not a sign-off.
    private static readonly HashSet<string> ShortAnswers = new(StringComparer.Ordinal)
    {
        "yes", "no", "ok", "okay", "sure", "correct", "exactly", "done", "right", "true", "false", "agreed", "indeed",
        "both", "none", "neither", "either", "all", "never", "always", "maybe", "oui", "non", "exact", "exactement",
        "absolument", "parfait", "super", "vrai", "faux", "d'accord", "jamais", "toujours", "aucun", "aucune", "tous",
        "ja", "nein", "genau", "richtig", "si", "claro", "certo", "sim", "nao", "klopt", "nee",
    };

    /// <summary>
    /// Index of a sign-off at the end of a block: the sender's name alone ("Bob", "-- Jean Dupont" is
    /// handled as a delimiter), or, for text written under a quote, a short line that reads as a name.
    /// </summary>
    public static int SignOffStart(IReadOnlyList<BodyLine> block, string? senderName, bool afterQuote)
    {
        var senderWords = Words(BodyLine.Fold(senderName ?? ""));
        // A name alone in its own paragraph under the text signs it too ("…the kernel.\n\nMarie").
        afterQuote |= Paragraphs(block).Count() >= 2;
        var start = block.Count;
        var seen = 0;
        for (var i = block.Count - 1; i >= 0 && seen < 2; i--)
        {
            if (block[i].IsBlank)
            {
                continue;
            }

            if (!IsSignOff(block[i].Canonical, senderWords, afterQuote))
            {
                break;
            }

            start = i;
            seen++;
        }

        return start;
    }

    private static bool IsSignOff(string canonical, string[] senderWords, bool afterQuote)
    {
        var name = canonical.Trim('-', '\u2013', '\u2014', '~', ' ', '.', ',', '!');
        var words = name.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length is 0 or > 4)
        {
            return false;
        }

        var folded = Words(BodyLine.Fold(name));
        if (senderWords.Length > 0 && folded.All(w => senderWords.Contains(w, StringComparer.Ordinal)))
        {
            return true;
        }

        return afterQuote && words.Length <= 3 && !ShortAnswers.Contains(BodyLine.Fold(name))
            && words.All(w => char.IsUpper(w[0]) && w.Skip(1).All(c => char.IsLetter(c) || c is '-' or '\'' or '.'));
    }

    private static string[] Words(string text) => text.Split([' ', ',', '.', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries);

    // Words of legal disclaimers and print footers, folded; a paragraph with two of them is boilerplate, not an answer.
    private static readonly string[] DisclaimerCues =
    [
        "confidential", "intended solely", "intended only", "intended recipient", "addressee", "in error", "please notify",
        "privileged", "disclaimer", "unauthorised", "unauthorized", "prohibited", "delete this", "delete it",
        "confidentiel", "destinataire", "par erreur", "interdit", "avertir", "detruire", "supprimer ce",
        "vertraulich", "irrtumlich", "empfanger", "adressat", "untersagt", "vernichten", "benachrichtigen",
        "confidencial", "destinatario", "por error", "prohibida", "riservat", "per errore", "vietat", "divulga",
        "vertrouwelijk", "geadresseerde", "per abuis", "verwijderen", "por engano", "destinatarios", "apague",
    ];

    [GeneratedRegex(
        @"think before you print|consider the environment before printing|pensez a l'environnement|n'imprimez (?:ce|cet)|avant d'imprimer|bitte denken sie an die umwelt|denk aan het milieu|piensa en el medio ambiente|prima di stampare",
        RegexOptions.CultureInvariant)]
    private static partial Regex PrintFooter();

    [GeneratedRegex(@"(?:\+|\b)\d[\d .()/-]{7,}\d|\bwww\.|https?://|[\w.+-]+@[\w-]+\.\w|^(?:tel|tél|phone|mobile|mob|portable|fax|handy|telefon|movil|cell)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex ContactDetail();

    /// <summary>
    /// Index of the trailing legal disclaimers or print footers of a block (paragraphs with at least two
    /// disclaimer words, or a "think before you print" line), or the block's length when there is none.
    /// </summary>
    public static int DisclaimerStart(IReadOnlyList<BodyLine> block)
    {
        var start = block.Count;
        foreach (var (first, last) in Paragraphs(block).Reverse())
        {
            var folded = BodyLine.Fold(string.Join(' ', Enumerable.Range(first, last - first + 1).Select(i => block[i].Canonical)));
            var cues = DisclaimerCues.Count(c => folded.Contains(c, StringComparison.Ordinal));
            if (cues < 2 && !PrintFooter().IsMatch(folded))
            {
                break;
            }

            start = first;
        }

        return start;
    }

    /// <summary>
    /// Index of a contact block ending the text: a paragraph that opens with the sender's name (or a
    /// name followed by contact details), then at most six short lines: title, organisation, phone,
    /// address, link. The block's length when there is none, or when that paragraph is all there is.
    /// </summary>
    public static int ContactBlockStart(IReadOnlyList<BodyLine> block, string? senderName)
    {
        var paragraphs = Paragraphs(block).ToList();
        if (paragraphs.Count < 2)
        {
            return block.Count;
        }

        var (first, last) = paragraphs[^1];
        var lines = Enumerable.Range(first, last - first + 1).Select(i => block[i].Canonical).ToList();
        if (lines.Count is < 2 or > 7 || lines.Any(l => l.Length > 80 || LooksLikeProse(l)))
        {
            return block.Count;
        }

        var senderWords = Words(BodyLine.Fold(senderName ?? ""));
        var nameWords = Words(BodyLine.Fold(lines[0].Split('|', ',', '/')[0]));
        var isSender = senderWords.Length > 0 && nameWords.Length is > 0 and <= 4 && nameWords.All(w => senderWords.Contains(w, StringComparer.Ordinal));
        var looksLikeName = nameWords.Length is >= 2 and <= 4 && lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries).All(w => char.IsUpper(w[0]) || !char.IsLetter(w[0]));
        return isSender || (looksLikeName && lines.Skip(1).Any(l => ContactDetail().IsMatch(l))) ? first : block.Count;
    }

    /// <summary>(first, last) line of each run of non-blank lines.</summary>
    private static IEnumerable<(int First, int Last)> Paragraphs(IReadOnlyList<BodyLine> block)
    {
        var first = -1;
        for (var i = 0; i <= block.Count; i++)
        {
            var blank = i == block.Count || block[i].IsBlank;
            if (!blank && first < 0)
            {
                first = i;
            }
            else if (blank && first >= 0)
            {
                yield return (first, i - 1);
                first = -1;
            }
        }
    }

    /// <summary>
    /// Index of the first line of a delimited or device signature in a block of new text,
    /// or the block's length when there is none.
    /// </summary>
    public static int DelimitedSignatureStart(IReadOnlyList<BodyLine> block)
    {
        for (var i = 0; i < block.Count; i++)
        {
            if (IsDelimiter(block[i]) || IsDeviceLine(block[i]))
            {
                return i;
            }
        }

        return block.Count;
    }

    /// <summary>
    /// Index of the closing ("Best regards,", "Cordialement,") that starts the block's tail when all
    /// that follows looks like a name block, or the block's length when there is none.
    /// </summary>
    public static int ClosingStart(IReadOnlyList<BodyLine> block)
    {
        var found = block.Count;
        var seen = 0;
        for (var i = block.Count - 1; i >= 0 && seen <= MaxSignatureLines; i--)
        {
            var line = block[i];
            if (line.IsBlank)
            {
                continue;
            }

            seen++;
            if (IsClosing(line.Canonical))
            {
                found = i;
            }
            else if (LooksLikeProse(line.Canonical))
            {
                break;
            }
        }

        return found;
    }

    // Lines arrive with trailing spaces trimmed, so "-- " reads "--".
    internal static bool IsDelimiter(BodyLine line) => line.Canonical == "--";

    internal static bool IsDeviceLine(BodyLine line)
    {
        if (line.Canonical.Length is 0 or > 90)
        {
            return false;
        }

        // Outlook mobile writes its link inside the line: "Get Outlook for iOS<https://aka.ms/o0ukef>".
        var folded = BodyLine.Canonicalize(AngleLink().Replace(BodyLine.Fold(line.Canonical), " ")).TrimEnd('.', '!', ' ');
        var sent = SentFromDevice().Match(folded);
        return (sent.Success && NamesDevice(sent.Groups["rest"].Value))
            || GermanSentFromDevice().IsMatch(folded)
            || (OtherSentFromDevice().Match(folded) is { Success: true } other && DeviceOrApp().IsMatch(other.Groups["device"].Value))
            || GetOutlookFor().IsMatch(folded);
    }

    /// <summary>
    /// What follows "Sent from": "my iPhone", "Mail for Windows"; with a clause after a comma ("my iPhone, please excuse
    /// typos") only when that clause is an apology or the part before it names a device or an app, so that "Sent from my
    /// desk, is much easier than my phone" stays the sentence it is.
    /// </summary>
    private static bool NamesDevice(string rest)
    {
        var cut = rest.IndexOfAny([',', ';']);
        if (cut < 0)
        {
            return Possessive().IsMatch(rest) || DeviceOrApp().IsMatch(rest);
        }

        var (device, after) = (rest[..cut], rest[(cut + 1)..].Trim());
        return DeviceOrApp().IsMatch(device) || (Possessive().IsMatch(device) && Apology().IsMatch(after));
    }

    [GeneratedRegex(@"^(?:please\s+)?(?:excuse|pardon|sorry|desole|excusez|veuillez|entschuldig|disculp|scusa|perdoe)", RegexOptions.CultureInvariant)]
    private static partial Regex Apology();

    /// <summary>"Thanks," "Merci !" "Best, Alice" "Cordialement Jean Dupont"; not "Thanks, that fixed it".</summary>
    internal static bool IsClosing(string canonical)
    {
        if (canonical.Length > 60)
        {
            return false;
        }

        var words = canonical.TrimEnd(',', '.', '!', ';', ' ', '\u2026').Split([' ', ','], StringSplitOptions.RemoveEmptyEntries);
        for (var take = Math.Min(LongestClosingWords, words.Length); take >= 1; take--)
        {
            var phrase = BodyLine.Fold(string.Join(' ', words[..take]));
            if (!ClosingSet.Contains(phrase))
            {
                continue;
            }

            var name = words[take..];
            return name.Length <= 4 && name.All(LooksLikeNamePart);
        }

        return false;
    }

    private static bool LooksLikeNamePart(string word) =>
        word.Length > 0 && char.IsUpper(word[0]) && !word.Any(char.IsDigit);

    /// <summary>A sentence rather than a name, a title or a phone number: a question, many words, a lower-case full stop.</summary>
    private static bool LooksLikeProse(string canonical)
    {
        if (canonical.EndsWith('?') || canonical.Length > 90)
        {
            return true;
        }

        var words = canonical.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length > 10)
        {
            return true;
        }

        var last = words[^1];
        return words.Length >= 3 && (canonical.EndsWith('.') || canonical.EndsWith('!')) && last.Length > 4 && char.IsLower(last[0]);
    }
}
