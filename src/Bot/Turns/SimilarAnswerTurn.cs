using SupportBot.Shared.Conversations;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// "This solves it" after an earlier answer was offered (or, of two, the button or typed words naming one,
/// <see cref="SimilarAnswerChoice"/>): the learner's unconfirmed question is
/// resolved by that answer, and nobody is emailed. ("Ask peers anyway" is a yes, see <see cref="PeerConfirmTurn"/>.)
/// </summary>
internal sealed class SimilarAnswerTurn(QuestionStore questions, SimilarAnswerOffers offers) : ITurnHandler
{
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage)
        {
            return false;
        }

        var clicked = ChatButtons.SolvesIt.Matches(turn.Text) || ChatButtons.FirstSolvesIt.Matches(turn.Text) ? 1
            : ChatButtons.SecondSolvesIt.Matches(turn.Text) ? 2
            : 0;
        var typed = clicked == 0 ? SimilarAnswerChoice.RankOf(turn.Text) : 0;
        if (clicked == 0 && typed == 0)
        {
            return false;
        }

        var pending = turn.PersonId is { } asker ? await questions.FindLatestOpenForAskerAsync(asker, ct) : null;
        var offered = pending is { Status: QuestionStatus.New } ? await offers.ListAsync(pending.Id, ct) : [];
        if (typed != 0 && offered.Count == 0)
        {
            // "1" or "the first one" with no offer pending is not about an offer: other turns read it.
            return false;
        }

        var rank = clicked != 0 ? clicked : typed;
        if (pending is null || offered.FirstOrDefault(o => o.Rank == rank) is not { } solved)
        {
            await turn.SendAsync(turn.Say("Je n'ai pas de question en attente de votre part. Écrivez-la simplement ici.",
                                          "I have no pending question from you. Just type it here."), ct);
            return true;
        }

        await offers.AcceptAsync(pending.Id, solved.AnswerId, questions, ct);
        await turn.SendAsync(turn.Say(
            "Parfait, je note que c'est résolu. N'hésitez pas si vous avez une autre question.",
            "Great, I've noted it as solved. Feel free to ask another question."), ct);
        return true;
    }
}
