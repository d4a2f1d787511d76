using SupportBot.Shared.Faq;

namespace SupportBot.Shared.Conversations;

/// <summary>
/// The suggested-action labels the bot offers and later recognises when the learner clicks them
/// (imBack sends the label back as text), in one place so sending and recognising never drift:
/// the relay job offers "solved / still stuck" and the chat turns recognise them.
/// </summary>
public static class ChatButtons
{
    public static readonly Bilingual Helped = new("Ça m'a aidé", "This helped");
    public static readonly Bilingual NotQuite = new("Pas tout à fait", "Not quite");
    public static readonly Bilingual NoneOfThese = new("Aucune de ces questions", "None of these");
    // "None of these" when a did-you-mean offers one question only.
    public static readonly Bilingual SomethingElse = new("Non, autre chose", "No, something else");
    public static readonly Bilingual AskPeers = new("Oui, demander aux pairs", "Yes, ask peers");
    public static readonly Bilingual NoThanks = new("Non merci", "No thanks");
    public static readonly Bilingual OtherModule = new("Un autre module", "Another module");
    public static readonly Bilingual Solved = new("C'est résolu", "Solved");
    public static readonly Bilingual StillStuck = new("Toujours bloqué", "Still stuck");
    public static readonly Bilingual IWillHelp = new("Oui, je veux aider", "Yes, I'll help");
    public static readonly Bilingual Later = new("Plus tard", "Later");
    public static readonly Bilingual ChangeTopics = new("Changer mes thèmes", "Change my topics");

    // An earlier answer offered before asking peers (#14).
    public static readonly Bilingual SolvesIt = new("Ça résout mon problème", "This solves it");
    // Two offers: the message heads them "Première réponse" / "Deuxième réponse", the buttons say the same words.
    public static readonly Bilingual FirstAnswer = new("Première réponse", "First answer");
    public static readonly Bilingual SecondAnswer = new("Deuxième réponse", "Second answer");
    public static readonly Bilingual FirstSolvesIt = new("La première réponse résout mon problème", "The first answer solves it");
    public static readonly Bilingual SecondSolvesIt = new("La deuxième réponse résout mon problème", "The second answer solves it");
    public static readonly Bilingual AskPeersAnyway = new("Demander aux pairs quand même", "Ask peers anyway");

    // The help list's commands, written as the learner would type them.
    public static readonly Bilingual WantToHelp = new("Je veux aider", "I want to help");
    public static readonly Bilingual StudyGroup = new("Groupe d'étude", "Study group");

    // The study-group sign-up dialog.
    public static readonly Bilingual ThatsRight = new("Oui, c'est ça", "Yes, that's right");
    public static readonly Bilingual Change = new("Changer", "Change");
    public static readonly Bilingual AllGood = new("C'est bon", "All good");
    public static readonly Bilingual KeepTimes = new("Garder mes horaires", "Keep my times");

    /// <summary>A study group's language is chosen by its own name, whatever the chat's language.</summary>
    public const string GroupInFrench = "Français";
    public const string GroupInEnglish = "English";

    public static readonly string[] GroupSizes = ["3", "4", "5", "6"];

    public sealed record Bilingual(string French, string English)
    {
        public string In(bool french) => french ? French : English;

        public string In(string language) => language == FaqLanguages.English ? English : French;

        /// <summary>Either language: a learner may click a French button in an English conversation after a locale change.</summary>
        public bool Matches(string text) =>
            string.Equals(text, French, StringComparison.OrdinalIgnoreCase) || string.Equals(text, English, StringComparison.OrdinalIgnoreCase);
    }
}
