using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Which knowledge-base entry a learner's message picks, when the bot's last question offered entries as buttons ("did you
/// mean", or the entries offered beside the peers after "not quite"): the text is exactly the question a button showed,
/// in either language. One place, so the FAQ turn answers the pick and the peer turn does not read it as a module's name.
/// </summary>
internal sealed class FaqPicks(FaqCatalog catalog, FaqQueryLog log)
{
    public async Task<FaqPick?> FindAsync(TurnContext turn, CancellationToken ct)
    {
        if (await log.FindLatestChoiceAsync(turn.ReferenceId, ct) is not { } choice)
        {
            return null;
        }

        var knowledge = await catalog.GetAsync(ct);
        var text = turn.Text.Trim();
        foreach (var entry in choice.Alternatives.Select(knowledge.Find).OfType<KnowledgeEntry>())
        {
            foreach (var language in new[] { FaqLanguages.French, FaqLanguages.English })
            {
                if (string.Equals(FaqTurn.FirstQuestion(entry, language), text, StringComparison.OrdinalIgnoreCase))
                {
                    return new FaqPick(entry, language, choice);
                }
            }
        }

        return null;
    }
}

/// <summary>The entry picked, the language of the button's text, and the choice it was offered in.</summary>
internal sealed record FaqPick(KnowledgeEntry Entry, string Language, FaqOfferedChoice Choice);
