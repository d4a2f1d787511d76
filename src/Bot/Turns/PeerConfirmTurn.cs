using SupportBot.Shared.Conversations;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// "Yes, ask peers" (or a module button) routes the unconfirmed question while the learner waits,
/// and the reply says who really got it; "No thanks" drops it. "None of these" (or "something else" under one
/// question) and "not quite" offer it first. "Ask peers anyway" after earlier answers were offered is a yes. A question is never
/// routed without a module while the learner has one to pick; the module offered can be changed ("another
/// module", or "non, c'est le module 2").
/// </summary>
internal sealed class PeerConfirmTurn(
    QuestionStore questions, QuestionModules modules, QuestionRouter router, PeerOffer offer,
    SimilarAnswerFinder similar, SimilarAnswerOffers similarOffers, Shared.Faq.FaqQueryLog log, FaqPicks faqPicks) : ITurnHandler
{
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage)
        {
            return false;
        }

        if (ChatButtons.NoneOfThese.Matches(turn.Text) || ChatButtons.SomethingElse.Matches(turn.Text))
        {
            var latest = await log.FindLatestAsync(turn.ReferenceId, ct);
            await offer.OfferAsync(turn, latest?.Query ?? turn.Text, turn.Say("D'accord.", "All right."), ct);
            return true;
        }

        var anyway = ChatButtons.AskPeersAnyway.Matches(turn.Text);
        var yes = ChatButtons.AskPeers.Matches(turn.Text) || anyway;
        var no = ChatButtons.NoThanks.Matches(turn.Text);
        var otherModule = ChatButtons.OtherModule.Matches(turn.Text);
        // A module button, or a short reply naming a module, answers "which module?" or corrects the one offered.
        var maybePick = !yes && !no && !otherModule && turn.PersonId is not null && WordCount(turn.Text) is > 0 and <= 8;
        if (!yes && !no && !otherModule && !maybePick)
        {
            return false;
        }

        var pending = turn.PersonId is { } asker ? await questions.FindLatestOpenForAskerAsync(asker, ct) : null;
        // A knowledge-base question offered beside the peers ("not quite") is the FAQ turn's, even when it names a module.
        var picked = maybePick && pending is { Status: QuestionStatus.New, AskerId: { } who } && await faqPicks.FindAsync(turn, ct) is null
            ? await PickedModuleAsync(turn, who, pending.ModuleId, ct)
            : null;
        if (maybePick && picked is null)
        {
            return false;
        }

        if (yes && pending is { Status: QuestionStatus.Routed or QuestionStatus.Escalated })
        {
            // A second tap on "yes": the first one passed it on.
            await turn.SendAsync(turn.Say("C'est déjà transmis : je vous écris ici dès qu'il y a une réponse.",
                                          "It's already passed on: I'll write here as soon as there's an answer."), ct);
            return true;
        }

        if (pending is not { Status: QuestionStatus.New })
        {
            await turn.SendAsync(turn.Say("Je n'ai pas de question en attente de votre part. Écrivez-la simplement ici.",
                                          "I have no pending question from you. Just type it here."), ct);
            return true;
        }

        if (otherModule && await modules.ListForLearnerAsync(pending.AskerId!.Value, ct) is { Count: > 0 } all)
        {
            await PeerOffer.AskModuleAsync(turn, "", pending.Text, all, ct);
            return true;
        }

        if (picked is not null)
        {
            await questions.SetModuleAsync(pending.Id, picked.Id, ModuleSources.Learner, ct);

            // Now that the module is known, its earlier answers come first, as when the text named it.
            if (await similar.FindAsync(picked.Id, pending.Text, ct) is { Count: > 0 } earlier)
            {
                await similarOffers.RecordAsync(pending.Id, earlier, ct);
                await SimilarAnswerMessages.OfferAsync(turn, "", earlier, ct);
                return true;
            }
        }
        else if (yes && pending.ModuleId is null && await modules.ListForLearnerAsync(pending.AskerId!.Value, ct) is { Count: > 0 } choices)
        {
            await PeerOffer.AskModuleAsync(turn, "", pending.Text, choices, ct);
            return true;
        }

        if (yes || picked is not null)
        {
            if (anyway)
            {
                await similarOffers.DeclineAsync(pending.Id, ct);
            }

            var report = await router.RouteAsync(pending.Id, ct);
            await turn.SendAsync(RoutingMessages.Routed(turn, report, stillStuck: false), ct);
        }
        else
        {
            await questions.CancelAsync(pending.Id, ct);
            await turn.SendAsync(turn.Say("D'accord, je ne transmets rien. N'hésitez pas si vous avez une autre question.",
                                          "All right, I won't pass anything on. Feel free to ask another question."), ct);
        }

        return true;
    }

    /// <summary>
    /// A module button (its exact title), or a short reply naming one module ("module 2", "M2"). Once a
    /// module was offered, only a number corrects it ("non, c'est le module 2"): a short reply that merely
    /// holds another module's word ("et les tableaux croisés ?") is a new question.
    /// </summary>
    private async Task<LearnerModule?> PickedModuleAsync(TurnContext turn, Guid asker, string? offeredModule, CancellationToken ct)
    {
        var text = turn.Text;
        var choices = await modules.ListForLearnerAsync(asker, ct);
        return choices.FirstOrDefault(m => string.Equals(m.Title, text, StringComparison.OrdinalIgnoreCase))
            ?? (offeredModule is null && WordCount(text) <= 4 ? ModuleFromText.Find(text, choices) : ModuleFromText.FindByNumber(text, choices));
    }

    private static int WordCount(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
}
