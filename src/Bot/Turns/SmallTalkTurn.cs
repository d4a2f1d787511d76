using System.Globalization;
using System.Text;

namespace SupportBot.Bot.Turns;

/// <summary>Hello, thanks, who are you, help: answered before the FAQ, in both languages.</summary>
internal sealed class SmallTalkTurn : ITurnHandler
{
    private static readonly HashSet<string> Greetings = ["bonjour", "salut", "coucou", "bonsoir", "hello", "hi", "hey", "good morning", "good evening", "yo"];
    private static readonly HashSet<string> Thanks = ["merci", "merci beaucoup", "merci bien", "super merci", "thanks", "thank you", "thx", "cheers", "ok merci", "ok thanks"];
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
        else if (Thanks.Contains(text))
        {
            await turn.SendAsync(turn.Say("Avec plaisir ! Bon courage pour la suite.", "You're welcome! Good luck with your studies."), ct);
        }
        else if (WhoAreYou.Contains(text))
        {
            await turn.SendAsync(turn.Say(
                "Je suis SupportBot, un assistant automatique. Je réponds aux questions techniques fréquentes et je transmets les autres à des pairs volontaires ou à votre tuteur.",
                "I'm SupportBot, an automatic assistant. I answer frequent technical questions and pass the others on to volunteer peers or your tutor."), ct);
        }
        else if (Help.Contains(text))
        {
            await turn.SendAsync(turn.Say(
                "Écrivez votre question avec vos mots (ex. « je n'arrive pas à déposer mon devoir »). Vous pouvez aussi écrire « je veux aider » pour devenir pair volontaire, ou « stop » pour ne plus recevoir d'e-mails.",
                "Write your question in your own words (e.g. \"I can't upload my assignment\"). You can also write \"I want to help\" to become a volunteer peer, or \"stop\" to stop emails."), ct);
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
        var decomposed = text.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var ch in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(ch);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            sb.Append(char.IsLetterOrDigit(ch) || ch == '?' ? ch : ' ');
        }

        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var joined = string.Join(' ', words);
        return joined == "?" ? joined : joined.TrimEnd('?').Trim();
    }
}
