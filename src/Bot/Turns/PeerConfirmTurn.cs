using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>"Yes, ask peers" routes the unconfirmed question; "No thanks" drops it. "None of these" and "not quite" offer it first.</summary>
internal sealed class PeerConfirmTurn(QuestionStore questions, IRoutingJobs routing, PeerOffer offer, Shared.Faq.FaqQueryLog log) : ITurnHandler
{
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage)
        {
            return false;
        }

        if (ChatButtons.NoneOfThese.Matches(turn.Text))
        {
            var query = await log.FindLatestQueryTextAsync(turn.ReferenceId, ct);
            await offer.OfferAsync(turn, query ?? turn.Text, turn.Say("D'accord.", "All right."), ct);
            return true;
        }

        var yes = ChatButtons.AskPeers.Matches(turn.Text);
        if (!yes && !ChatButtons.NoThanks.Matches(turn.Text))
        {
            return false;
        }

        var pending = turn.PersonId is { } asker ? await questions.FindLatestOpenForAskerAsync(asker, ct) : null;
        if (pending is not { Status: QuestionStatus.New })
        {
            await turn.SendAsync(turn.Say("Je n'ai pas de question en attente de votre part. Écrivez-la simplement ici.",
                                          "I have no pending question from you. Just type it here."), ct);
            return true;
        }

        if (yes)
        {
            routing.RouteQuestion(pending.Id);
            await turn.SendAsync(turn.Say(
                "C'est transmis ! Je vous écris ici dès qu'un pair répond (en général dans la journée). Vous pouvez ajouter des précisions en commençant votre message par « détails : », ou écrire « annuler ma question ».",
                "Done! I'll write to you here as soon as a peer answers (usually within a day). You can add details by starting a message with \"details:\", or write \"cancel my question\"."), ct);
        }
        else
        {
            await questions.CancelAsync(pending.Id, ct);
            await turn.SendAsync(turn.Say("D'accord, je ne transmets rien. N'hésitez pas si vous avez une autre question.",
                                          "All right, I won't pass anything on. Feel free to ask another question."), ct);
        }

        return true;
    }
}
