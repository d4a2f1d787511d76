using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.Turns;

/// <summary>Last in the table: a message nobody else could answer is offered to peers; other activities are ignored quietly.</summary>
internal sealed class FallbackTurn(PeerOffer offer) : ITurnHandler
{
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.Activity.IsMessage && turn.Text.Length > 0)
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
