using SupportBot.Shared.Conversations;
using SupportBot.Shared.Faq;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Answers from the knowledge base when the matcher is confident, asks "which one?" when two
/// entries are close, and lets the turn fall through to peers when it does not know. Every query
/// and its outcome is logged for learning (#4). A click on a "which one?" button answers that entry and
/// adds the learner's first phrasing to its variants, so the bot answers that phrasing at once; a tutor
/// keeps or removes it on the knowledge base page (#16). The entries offered beside the peers after "not quite" are picked
/// the same way; the question then waiting for the learner's yes is dropped.
/// </summary>
internal sealed class FaqTurn(FaqCatalog catalog, FaqQueryLog log, FaqPicks picks, QuestionStore questions) : ITurnHandler
{
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage || turn.Text.Length == 0)
        {
            return false;
        }

        if (await picks.FindAsync(turn, ct) is { } picked)
        {
            await log.RecordPickAsync(picked.Choice, picked.Entry.Id, ct);
            // Logged as the learner's own question answered with full confidence: they named the entry, so "this helped"
            // and "not quite" refer to it, and "not quite" takes back the phrasing the pick just taught. The entries it was
            // picked among stay on the row: they were offered once.
            await log.RecordAsync(new FaqQueryRecord(
                turn.PersonId, turn.ReferenceId, picked.Choice.Language, picked.Choice.Query, MatchOutcome.Answered, picked.Entry.Id, 1, picked.Choice.Alternatives), ct);
            if (picked.Choice.AfterNotQuite && turn.PersonId is { } asker
                && await questions.FindLatestOpenForAskerAsync(asker, ct) is { Status: QuestionStatus.New } unconfirmed)
            {
                await questions.CancelAsync(unconfirmed.Id, ct);
            }

            await turn.SendAsync(AnswerIn(picked.Entry, picked.Language), ct, ChatButtons.Helped.In(picked.Language), ChatButtons.NotQuite.In(picked.Language));
            return true;
        }

        var knowledge = await catalog.GetAsync(ct);
        var match = knowledge.Matcher.Match(turn.Text, turn.Activity.Locale ?? turn.Language);
        // In the language the bot read it in, which is the one a phrasing it teaches joins ("mdp perdu" from an en-US Teams is French).
        await log.RecordAsync(new FaqQueryRecord(turn.PersonId, turn.ReferenceId, match.Language, turn.Text, match.Outcome, match.EntryId, match.Score, match.Alternatives), ct);

        switch (match.Outcome)
        {
            // The reply speaks the question's language when the text says it clearly ("mdp perdu" in an en-US Teams), else the learner's.
            case MatchOutcome.Answered when knowledge.Find(match.EntryId!) is { } entry:
                await turn.SendAsync(Titled(entry, match.Language), ct, ChatButtons.Helped.In(match.Language), ChatButtons.NotQuite.In(match.Language));
                return true;

            case MatchOutcome.Ambiguous:
                var choices = match.Alternatives
                    .Select(knowledge.Find)
                    .OfType<KnowledgeEntry>()
                    .Select(e => FirstQuestion(e, match.Language))
                    .ToList();
                // One question offered is asked about as one ("cette question", "autre chose"), not as a list.
                var english = match.Language == FaqLanguages.English;
                await turn.SendAsync(
                    (choices.Count, english) switch
                    {
                        (1, true) => "I'm not sure I understand. Do you mean this question?",
                        (1, false) => "Je ne suis pas sûr de comprendre. Vous pensez à cette question ?",
                        (_, true) => "I'm not sure I understand. Do you mean one of these?",
                        _ => "Je ne suis pas sûr de comprendre. Vous pensez à l'une de ces questions ?",
                    },
                    ct,
                    [.. choices, (choices.Count == 1 ? ChatButtons.SomethingElse : ChatButtons.NoneOfThese).In(match.Language)]);
                return true;

            default:
                return false;
        }
    }

    /// <summary>
    /// The answer under the question it answers, in bold: the learner sees at once which question the bot understood, and a
    /// near miss (a question about a blank forum page answered with the forum's e-mail notifications) is a "not quite" away.
    /// A picked button needs no title: its text was the question.
    /// </summary>
    internal static string Titled(KnowledgeEntry entry, string language) =>
        $"**{ChatMarkdown.Escape(FirstQuestion(entry, language))}**\n\n{AnswerIn(entry, language)}";

    /// <summary>
    /// The entry's answer in <paramref name="language"/>; from a base written in the other language only, that answer, said
    /// to be so in the learner's language, so that a switch of language reads as the base's, not as the bot misreading them.
    /// </summary>
    internal static string AnswerIn(KnowledgeEntry entry, string language) => entry.Answer.Has(language)
        ? entry.Answer.In(language)
        : (language == FaqLanguages.English ? "_(This answer is only written in French.)_" : "_(Cette réponse n'existe qu'en anglais.)_")
            + "\n\n" + entry.Answer.In(language);

    /// <summary>The entry's first question in <paramref name="language"/> (else its first in the other): its button's text.</summary>
    internal static string FirstQuestion(KnowledgeEntry entry, string language)
    {
        var variants = language == FaqLanguages.English ? entry.Questions.En : entry.Questions.Fr;
        return variants.Count > 0 ? variants[0] : entry.Questions.All().First().Text;
    }
}
