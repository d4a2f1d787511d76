using SupportBot.Shared.Conversations;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// What the learner can do with a question already with peers: add details, cancel, say it is solved
/// or still stuck (routed again at once to volunteers who did not have it, else the tutors, and the
/// reply says who).
/// </summary>
internal sealed class QuestionFollowUpTurn(QuestionStore questions, QuestionRouter router) : ITurnHandler
{
    private static readonly string[] DetailPrefixes = ["détails :", "détails:", "details :", "details:", "precisions :", "précisions :", "précisions:"];
    private static readonly string[] CancelPhrases = ["annuler ma question", "annule ma question", "cancel my question"];

    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage || turn.PersonId is not { } asker)
        {
            return false;
        }

        var text = turn.Text;
        var solved = ChatButtons.Solved.Matches(text);
        var stuck = ChatButtons.StillStuck.Matches(text);
        var cancel = CancelPhrases.Any(p => text.Equals(p, StringComparison.OrdinalIgnoreCase));
        var prefix = DetailPrefixes.FirstOrDefault(p => text.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        if (!solved && !stuck && !cancel && prefix is null)
        {
            return false;
        }

        var question = await questions.FindLatestOpenForAskerAsync(asker, ct);
        if (question is null)
        {
            await turn.SendAsync(turn.Say("Vous n'avez pas de question en cours.", "You have no question in progress."), ct);
            return true;
        }

        try
        {
            if (solved)
            {
                await ResolveAsync(questions, turn, question.Id, ct);
            }
            else if (stuck)
            {
                // Routing a round twice reports the first one, so a retry after a failure here says the truth too.
                await questions.ReopenAsync(question.Id, ct);
                var report = await router.RouteAsync(question.Id, ct);
                await turn.SendAsync(RoutingMessages.Routed(turn, report, stillStuck: true), ct);
            }
            else if (cancel)
            {
                await questions.CancelAsync(question.Id, ct);
                await turn.SendAsync(turn.Say("Votre question est annulée.", "Your question is cancelled."), ct);
            }
            else
            {
                await questions.AddDetailsAsync(question.Id, text[prefix!.Length..].Trim(), ct);
                await turn.SendAsync(turn.Say("Merci, j'ai ajouté ces précisions à votre question.", "Thanks, I've added these details to your question."), ct);
            }
        }
        catch (QuestionStateException)
        {
            await turn.SendAsync(turn.Say("Ce n'est plus possible pour cette question (elle a déjà reçu une réponse ou a été fermée).",
                                          "That is no longer possible for this question (it was already answered or closed)."), ct);
        }

        return true;
    }

    /// <summary>The learner says their question is solved (the button, or a thank-you typed after a peer's answer): the peers are thanked.</summary>
    internal static async Task ResolveAsync(QuestionStore questions, TurnContext turn, Guid questionId, CancellationToken ct)
    {
        await questions.MarkResolvedAsync(questionId, ct);
        await turn.SendAsync(turn.Say("Super ! Je transmets vos remerciements à la personne qui vous a aidé.", "Great! I'll pass your thanks on to the person who helped you."), ct);
    }
}
