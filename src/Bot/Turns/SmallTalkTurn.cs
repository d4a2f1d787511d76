using System.Text;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Text;

namespace SupportBot.Bot.Turns;

/// <summary>Hello, who are you, help: answered before the FAQ, in both languages (thanks: <see cref="ThanksTurn"/>).</summary>
internal sealed class SmallTalkTurn : ITurnHandler
{
    private static readonly HashSet<string> Greetings = ["bonjour", "salut", "coucou", "bonsoir", "hello", "hi", "hey", "good morning", "good evening", "yo"];

    private static readonly HashSet<string> WhoAreYou = ["qui es tu", "tu es qui", "qui etes vous", "t es qui", "who are you", "what are you", "are you a bot", "tu es un robot", "es tu un robot"];
    private static readonly HashSet<string> Help = ["aide", "help", "menu", "?", "au secours", "que sais tu faire", "what can you do"];

    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage)
        {
            return false;
        }

        var text = Normalise(turn.Text);
        if (Greetings.Contains(text))
        {
            await turn.SendAsync(turn.Say("Bonjour ! Quelle est votre question ?", "Hello! What's your question?"), ct);
        }
        else if (WhoAreYou.Contains(text))
        {
            await turn.SendAsync(turn.Say(
                "Je suis SupportBot, un assistant automatique. Je réponds aux questions techniques fréquentes et je transmets les autres à des pairs volontaires ou à votre tuteur.",
                "I'm SupportBot, an automatic assistant. I answer frequent technical questions and pass the others on to volunteer peers or your tutor."), ct);
        }
        else if (Help.Contains(text))
        {
            // What the bot can do, each with how to ask for it; the buttons start the two dialogs a learner may not guess.
            await turn.SendAsync(turn.Say(
                """
                Voici ce que je sais faire :
                - **Répondre à vos questions techniques** : écrivez votre question avec vos mots (ex. « je n'arrive pas à déposer mon devoir »).
                - **La transmettre** à des pairs volontaires ou à votre tuteur quand je ne connais pas la réponse ; leur réponse arrive ici.
                - **« je veux aider »** : devenir pair volontaire.
                - **« groupe d'étude »** : trouver un groupe d'étude.
                - **« stop »** : ne plus recevoir d'e-mails (« reprendre les e-mails » pour les recevoir à nouveau).
                """,
                """
                Here is what I can do:
                - **Answer your technical questions**: write your question in your own words (e.g. "I can't upload my assignment").
                - **Pass it on** to volunteer peers or your tutor when I don't know the answer; their answer comes back here.
                - **"I want to help"**: become a volunteer peer.
                - **"study group"**: find a study group.
                - **"stop"**: stop emails ("resume emails" to get them again).
                """),
                ct, ChatButtons.WantToHelp.In(turn.IsFrench), ChatButtons.StudyGroup.In(turn.IsFrench));
        }
        else
        {
            return false;
        }

        return true;
    }

    /// <summary>Lower case, no accents, no punctuation but "?", single spaces: "Qui es-tu ?" -> "qui es tu".</summary>
    internal static string Normalise(string text)
    {
        var folded = Accents.Fold(text);
        var sb = new StringBuilder(folded.Length);
        foreach (var ch in folded)
        {
            sb.Append(char.IsLetterOrDigit(ch) || ch == '?' ? ch : ' ');
        }

        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var joined = string.Join(' ', words);
        return joined == "?" ? joined : joined.TrimEnd('?').Trim();
    }
}
