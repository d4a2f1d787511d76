using SupportBot.Shared.Conversations;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Proposes to pass a question on to peers. The question is stored as New right away (so the
/// confirmation refers to exactly this text) and only routed when the learner says yes; an older
/// unconfirmed question of the same learner is dropped.
/// </summary>
internal sealed class PeerOffer(QuestionStore questions)
{
    public async Task OfferAsync(TurnContext turn, string questionText, string lead, CancellationToken ct)
    {
        if (turn.PersonId is null && turn.Activity.ChannelId == TeamsLearnerLookup.TeamsChannelId)
        {
            // No address in the text: in a Teams channel everyone reads the bot's replies.
            await turn.SendAsync(turn.Say(
                $"{lead} Pour transmettre votre question à des pairs, je dois vous retrouver parmi les inscrits d'un cours, et je ne trouve pas l'adresse email de votre compte Teams. Demandez à votre tuteur de vérifier l'adresse que votre cours a pour vous.",
                $"{lead} To pass your question on to peers I need to find you among the learners of a course, and I cannot find your Teams account's email address there. Please ask your tutor to check the address your course has for you."), ct);
            return;
        }

        if (turn.PersonId is not { } asker)
        {
            await turn.SendAsync(turn.Say(
                $"{lead} Pour transmettre votre question à des pairs, ouvrez le chat depuis la page de votre cours (je saurai alors qui vous êtes).",
                $"{lead} To pass your question on to peers, open the chat from your course page (so I know who you are)."), ct);
            return;
        }

        if (await questions.FindLatestOpenForAskerAsync(asker, ct) is { Status: QuestionStatus.New } unconfirmed)
        {
            await questions.CancelAsync(unconfirmed.Id, ct);
        }

        await questions.CreateAsync(new NewQuestion(asker, null, null, turn.Language, questionText, turn.ReferenceId), ct);
        var quoted = ChatMarkdown.Quote(questionText);
        await turn.SendAsync(
            turn.Say($"{lead} Je transmets votre question à des pairs volontaires ?\n\n{quoted}",
                     $"{lead} Shall I pass your question on to volunteer peers?\n\n{quoted}"),
            ct, ChatButtons.AskPeers.In(turn), ChatButtons.NoThanks.In(turn));
    }
}
