using SupportBot.Shared.Conversations;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Turns;

/// <summary>
/// "This helped" / "Not quite" after an FAQ answer: stored, and "not quite" offers to ask peers, with the entries the
/// learner may have meant as buttons beside "yes" (once per question): a near miss is usually one entry away from the
/// right one, and the learner gets an answer now instead of waiting for a peer.
/// </summary>
internal sealed class FaqFeedbackTurn(FaqQueryLog log, FaqCatalog catalog, PeerOffer offer) : ITurnHandler
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

        // The reply speaks the language the answer was given in, not the channel's (an en-US Teams asked in French).
        turn = answered is { Language: FaqLanguages.French or FaqLanguages.English } ? turn.InLanguage(answered.Language) : turn;
        if (helped)
        {
            await turn.SendAsync(turn.Say("Merci pour votre retour, bon courage !", "Thanks for the feedback, good luck!"), ct);
        }
        else
        {
            var others = answered is { EntryId: { } entry, OthersOffered: false } ? await OthersAsync(answered, entry, ct) : [];
            if (others.Count > 0)
            {
                await log.OfferOthersAsync(answered!.Id, [.. others.Select(e => e.Id)], ct);
            }

            await offer.OfferAsync(turn, answered?.Query ?? turn.Text,
                turn.Say("Désolé que ma réponse ne suffise pas.", "Sorry my answer wasn't enough."),
                [.. others.Select(e => FaqTurn.FirstQuestion(e, answered!.Language))], ct);
        }

        return true;
    }

    private async Task<IReadOnlyList<KnowledgeEntry>> OthersAsync(FaqAnsweredQuery answered, string entry, CancellationToken ct)
    {
        var knowledge = await catalog.GetAsync(ct);
        return [.. knowledge.Matcher.Others(answered.Query, entry).Select(knowledge.Find).OfType<KnowledgeEntry>()];
    }
}
