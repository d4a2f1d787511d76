using System.Text.RegularExpressions;

namespace SupportBot.Shared.Faq;

/// <summary>
/// Takes out of a message the parts the learner says work: in "webcam black screen, mic is fine" the
/// microphone is not the problem, yet its word is the best match for the microphone entry. General
/// French and English phrasing ("X is fine", "X works", "le X marche bien", "X fonctionne"), nothing
/// course-specific; a negation right after ("le micro marche pas", "mic is not fine") keeps the part,
/// since then it is the problem.
/// </summary>
public static partial class WorkingParts
{
    /// <summary>The message without the word (and its article) of each part said to work; unchanged when none is.</summary>
    public static string Remove(string message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return message;
        }

        var english = EnglishWorks().Replace(message, " ");
        return FrenchWorks().Replace(english, " ");
    }

    // Asking whether something works ("how do I check my mic works") names the part that may be the problem.
    private const string NotAfter = @"(?<!\b(?:check|checking|test|testing|make\s+sure|ensure|whether|if|that|how|verify|verifier|vérifier|tester|si|que|comment)\s+(?:(?:the|my|le|la|les|mon|ma|mes)\s+)?)";

    // The part's word: not a negation or a pronoun ("doesnt work", "nothing works", "rien ne marche").
    private const string Part = @"(?!(?:doesnt|dont|didnt|wont|cant|isnt|arent|not|never|nothing|none|no|rien|personne|ne|n)\b)[\p{L}\d]{2,}";

    // "mic is fine", "the sound is ok", "my camera works", "audio works fine", "the link seems to work";
    // a bare "work" is a noun as often as a verb ("is group work allowed"), so it needs "fine" or "well".
    [GeneratedRegex(
        NotAfter + @"(?<!['’])\b(?:(?:the|my)\s+)?" + Part + @"\s+(?:(?:is|are|seems|seem)\s+(?:totally\s+|perfectly\s+|still\s+)?(?:fine|ok|okay|good|alright|working)|works(?:\s+fine|\s+well|\s+ok)?|work\s+(?:fine|well|ok)|seems?\s+to\s+work)\b(?!\s*(?:n't|not|\?))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EnglishWorks();

    // "le micro marche (bien)", "la caméra fonctionne", "le son est ok", "l'audio va bien"; not "ne marche pas", "marche plus".
    [GeneratedRegex(
        NotAfter + @"(?<!['’])\b(?:(?:le|la|les|mon|ma|mes)\s+|l['’])?" + Part + @"\s+(?:(?:marche|marchent|fonctionne|fonctionnent)(?:\s+(?:bien|tres\s+bien|très\s+bien|nickel))?|va\s+bien|vont\s+bien|(?:est|sont)\s+(?:ok|bon|bons|correct|nickel))\b(?!\s*(?:pas|plus|jamais|mal|\?))",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex FrenchWorks();
}
