using SupportBot.Shared.Faq;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// A thank-you typed in a few words ("merci ça marche !", "it works now, thanks"). It means what the matching button
/// means for whatever the bot said last: after a peer's answer, "C'est résolu" (the question is resolved and the peer
/// thanked); after an FAQ answer, when it says the answer worked, "Ça m'a aidé" (the learner's phrasing is learned).
/// Otherwise it is only thanked.
/// </summary>
internal sealed class ThanksTurn(QuestionStore questions, FaqQueryLog log) : ITurnHandler
{
    // Every word from the first set, one from the second. "ça marche pas" or "thanks but it still fails" has other words
    // and goes on as a question; "ça marche" alone may mean "OK" to a question of the bot, and "c'est résolu" / "solved"
    // are the buttons that close a question with peers (QuestionFollowUpTurn), so neither is taken for thanks.
    private static readonly HashSet<string> Acknowledgement =
    [
        "merci", "beaucoup", "bien", "bcp", "mille", "fois", "super", "ok", "okay", "parfait", "genial", "top", "nickel", "cool",
        "ca", "c", "cela", "marche", "fonctionne", "resolu", "regle", "impeccable", "maintenant", "tout", "est", "bon", "bonne",
        "journee", "soiree", "ah", "oh", "oui", "encore", "vraiment", "trop", "pour", "l", "la", "le", "votre", "ton", "ta", "aide",
        "reponse", "thanks", "thank", "you", "thx", "ty", "it", "works", "worked", "now", "great", "perfect", "cheers", "good",
        "yes", "so", "much", "a", "lot", "that", "did", "the", "trick", "fixed", "solved", "have", "nice", "day", "really",
        "for", "your", "help", "answer", "all", "many",
    ];

    private static readonly HashSet<string> Thanks =
        ["merci", "thanks", "thank", "thx", "ty", "cheers", "fonctionne", "works", "worked"];

    // Words that say the answer worked, not only politeness: only these teach the FAQ the learner's phrasing.
    private static readonly HashSet<string> ItWorks =
        ["marche", "fonctionne", "resolu", "regle", "works", "worked", "trick", "fixed", "solved"];

    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage || !IsThanks(SmallTalkTurn.Normalise(turn.Text)))
        {
            return false;
        }

        var normalised = SmallTalkTurn.Normalise(turn.Text);
        var latest = await log.FindLatestAsync(turn.ReferenceId, ct);
        if (await AnsweredByPeersSinceAsync(turn, latest, ct) is { } question)
        {
            try
            {
                await QuestionFollowUpTurn.ResolveAsync(questions, turn, question.Id, ct);
                return true;
            }
            catch (QuestionStateException)
            {
                // Closed meanwhile (a tutor, an expiry job): the thanks are still thanks.
            }
        }
        else if (latest is { IsAnswerWithoutFeedback: true } && SaysItWorks(normalised))
        {
            await log.RecordFeedbackAsync(latest.Id, helped: true, ct);
        }

        await turn.SendAsync(turn.Say("Avec plaisir ! Bon courage pour la suite.", "You're welcome! Good luck with your studies."), ct);
        return true;
    }

    /// <summary>Whether a normalised message only thanks, or says it works now, in at most eight words.</summary>
    internal static bool IsThanks(string normalised)
    {
        var words = normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return words.Length is > 0 and <= 8 && words.All(Acknowledgement.Contains) && words.Any(Thanks.Contains);
    }

    /// <summary>
    /// Whether a thank-you says the answer worked ("merci ça marche", "thanks, that did the trick"), not only thanks: a
    /// polite "merci" after a wrong answer must not teach the FAQ that the learner's words mean that entry.
    /// </summary>
    internal static bool SaysItWorks(string normalised) => normalised.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(ItWorks.Contains);

    /// <summary>
    /// The learner's question a peer answered in this conversation after its latest FAQ query: the last thing the learner
    /// read here was that answer. An FAQ query since then (a new question) makes the thanks about the bot's reply instead.
    /// </summary>
    private async Task<QuestionView?> AnsweredByPeersSinceAsync(TurnContext turn, FaqLatestQuery? latest, CancellationToken ct)
    {
        if (turn.PersonId is not { } asker
            || await questions.FindLatestOpenForAskerAsync(asker, ct) is not { Status: QuestionStatus.Answered, AnsweredAt: { } answeredAt } question)
        {
            return null;
        }

        return question.ConversationReferenceId == turn.ReferenceId && (latest is null || latest.CreatedAt < answeredAt) ? question : null;
    }
}
