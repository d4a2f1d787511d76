using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.Turns;

/// <summary>Last in the table: whatever no other handler took. Non-message activities are ignored quietly.</summary>
internal sealed class FallbackTurn : ITurnHandler
{
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage)
        {
            return true;
        }

        await turn.SendAsync(
            turn.Say(
                "Je n'ai pas de réponse sûre à cette question. Voulez-vous que je la transmette à des pairs volontaires ?",
                "I don't have a reliable answer to that. Shall I pass your question on to volunteer peers?"),
            ct,
            ChatButtons.AskPeers.In(turn),
            ChatButtons.NoThanks.In(turn));
        return true;
    }
}
