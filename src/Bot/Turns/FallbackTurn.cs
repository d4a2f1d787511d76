using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Last in the table: a message nobody else could answer is offered to peers (unless it has no words:
/// emoji or punctuation only); other activities are ignored quietly.
/// </summary>
internal sealed class FallbackTurn(PeerOffer offer) : ITurnHandler
{
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.IsMessage && turn.Text.Length > 0 && !turn.Text.Any(char.IsLetterOrDigit))
        {
            // "👍", "?!", "😭😭": nothing a peer could answer; ask for words instead of emailing people.
            await turn.SendAsync(turn.Say(
                "Je n'ai pas compris. Écrivez votre question en quelques mots (ex. « je n'arrive pas à déposer mon devoir »).",
                "I didn't understand. Please write your question in a few words (e.g. \"I can't upload my assignment\")."), ct);
        }
        else if (turn.Activity.IsMessage && turn.Text.Length > 0)
        {
            await offer.OfferAsync(turn, turn.Text, turn.Say("Je n'ai pas de réponse sûre à cette question.", "I don't have a reliable answer to that."), ct);
        }
        else if (turn.Activity.IsMessage && turn.Activity.Attachments is { Count: > 0 })
        {
            await turn.SendAsync(turn.Say(
                "Merci pour le fichier. Décrivez aussi votre problème en quelques mots, pour que je puisse vous aider.",
                "Thanks for the file. Please also describe your problem in a few words so I can help."), ct);
        }

        return true;
    }
}
