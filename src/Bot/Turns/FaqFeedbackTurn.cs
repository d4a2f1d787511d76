using SupportBot.Shared.Conversations;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Turns;

/// <summary>"This helped" / "Not quite" after an FAQ answer: stored, and "not quite" offers to ask peers.</summary>
internal sealed class FaqFeedbackTurn(FaqQueryLog log, PeerOffer offer) : ITurnHandler
{
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage)
        {
            return false;
        }

        var helped = ChatButtons.Helped.Matches(turn.Text);
        if (!helped && !ChatButtons.NotQuite.Matches(turn.Text))
        {
            return false;
        }

        var answered = await log.FindLatestAnsweredAsync(turn.ReferenceId, ct);
        if (answered is not null && answered.Feedback is null)
        {
            await log.RecordFeedbackAsync(answered.Id, helped, ct);
        }

        if (helped)
        {
            await turn.SendAsync(turn.Say("Merci pour votre retour, bon courage !", "Thanks for the feedback, good luck!"), ct);
        }
        else
        {
            await offer.OfferAsync(turn, answered?.Query ?? turn.Text,
                turn.Say("Désolé que ma réponse ne suffise pas.", "Sorry my answer wasn't enough."), ct);
        }

        return true;
    }
}
