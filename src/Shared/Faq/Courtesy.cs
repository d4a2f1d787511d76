using System.Text.RegularExpressions;

namespace SupportBot.Shared.Faq;

/// <summary>
/// Takes the courtesy out of a message before it is matched: the greeting that opens it ("Bonjour à tous,", "Hi
/// everyone!"), the request for help that says nothing of the problem ("pouvez-vous m'aider ?", "any idea?"), and the
/// thanks and sign-off that close it ("Merci d'avance, Léa", "Thanks in advance!"). Learners write them all the time and
/// they are about no entry, yet a model reads "merci d'avance" as it reads "in advance", close to a deadline entry: on the
/// demo base, "je n'arrive pas à déposer mon devoir" is answered and the same with "Merci d'avance, Léa" was not.
/// General French and English formulas, nothing course-specific. A message that is nothing but courtesy is left as it is.
/// </summary>
public static partial class Courtesy
{
    // What is left between the content and a closing formula once the formula is gone: "...mon devoir, merci" ends at "devoir".
    private static readonly char[] Separators = [' ', '\t', '\r', '\n', ',', '.', ';', '!', ':', '-', '–'];

    /// <summary>The message without its opening greeting, its contentless requests for help and its closing thanks and signature.</summary>
    public static string Remove(string message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return message;
        }

        try
        {
            var content = Closing().Replace(HelpRequest().Replace(Greeting().Replace(message, ""), " "), "").TrimEnd(Separators).Trim();
            return content.Any(char.IsLetterOrDigit) ? content : message;
        }
        catch (RegexMatchTimeoutException)
        {
            // A text no learner writes: matched as typed rather than held up.
            return message;
        }
    }

    // "Bonjour,", "Bonsoir Madame,", "Salut à tous !", "Hello everyone,", "Good morning team:", "Petite question :"; repeated
    // ("Bonjour, petite question :").
    [GeneratedRegex(
        @"^\s*(?:(?:(?:bonjour|bonsoir|salut|coucou|re|hello|hi|hey|good\s+(?:morning|afternoon|evening)|dear\s+(?:all|tutors?|team|sir|madam))"
        + @"(?:\s+(?:à|a)\s+(?:tou(?:te)?s)|\s+tout\s+le\s+monde|\s+(?:madame|monsieur|mesdames|messieurs|everyone|everybody|all|team|there|guys))?"
        + @"|(?:petite|une|quick|a)\s+question\s*(?=:))\s*[,!.:;\-–]+\s*|(?:bonjour|bonsoir|salut|hello|hi|hey)\s+)+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex Greeting();

    // "pouvez-vous m'aider ?", "quelqu'un peut m'aider ?", "can someone help me please?", "quelqu'un a une idée ?",
    // "any idea?", "svp", "please": about no entry. Not "how can I help other learners" (no "me"), not "aide en ligne".
    [GeneratedRegex(
        @"(?:\b(?:est[\s-]ce\s+que\s+)?(?:vous\s+pouvez|pouvez[\s-]vous|pourriez[\s-]vous|tu\s+peux|peux[\s-]tu|pourrais[\s-]tu|quelqu['’]un\s+(?:peut|pourrait))\s+m['’]\s*aider(?:\s+(?:svp|stp|s['’]il\s+(?:vous|te)\s+pla[iî]t))?"
        + @"|\b(?:can|could|would)\s+(?:you|someone|anyone|somebody|anybody)\s+(?:please\s+)?help(?:\s+me)?(?:\s+(?:out|please))?"
        + @"|\bquelqu['’]un\s+(?:a|aurait|saurait)\s+une\s+(?:idée|idee|solution)|\bune\s+(?:idée|idee)\s*(?=\?)"
        + @"|\bany\s+(?:ideas?|help|tips?|suggestions?)\s*(?=[?!.]|$)|\bhelp\s+(?:me\s+)?please\b|\bplease\s+help(?:\s+me)?\b"
        + @"|\b(?:svp|stp|plz|pls)\b|\bs['’]il\s+(?:vous|te)\s+pla[iî]t\b|\bplease\b)\s*[?!.]*",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex HelpRequest();

    // "Merci d'avance, Léa", "merci beaucoup !", "Cordialement, Léa Dubois", "Bonne journée", "Thanks in advance!",
    // "Best regards, Tom": at the end only, repeated, with the name that may sign them. Each try starts on a formula's
    // first letter, so a long run of punctuation is not read again from every position (a 40,000-character message of
    // ", " took a minute when the pattern began with the separators).
    [GeneratedRegex(
        @"(?:\b(?i:(?:(?:et|and)\s+)?(?:merci(?:\s+(?:d['’]\s*avance|par\s+avance|beaucoup|bien|infiniment|à\s+vous|a\s+vous|à\s+tous|a\s+tous|pour\s+(?:votre|ton|ta|vos|tes)\s+(?:aide|réponse|reponse|retour|réponses|reponses)))*"
        + @"|je\s+vous\s+remercie(?:\s+(?:d['’]\s*avance|par\s+avance))?|cordialement|bien\s+(?:à|a)\s+vous|bonne\s+(?:journée|journee|soirée|soiree|fin\s+de\s+journée|fin\s+de\s+journee)"
        + @"|(?:many\s+)?thanks?(?:\s+you)?(?:\s+(?:in\s+advance|a\s+lot|so\s+much|very\s+much|all|for\s+(?:your|the|any)\s+help))*|thx"
        + @"|(?:best|kind|warm)\s+regards|regards|cheers|have\s+a\s+(?:nice|good|great)\s+(?:day|evening)))"
        + @"(?:[\s,.;!:\-–]+\p{Lu}[\p{L}'’\-]*(?:\s+\p{Lu}[\p{L}'’\-]*){0,2})?[\s,.;!:)(\-–]*)+$",
        RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex Closing();
}
