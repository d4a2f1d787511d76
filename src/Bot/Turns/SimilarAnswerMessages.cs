using System.Globalization;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// "A peer answered a similar question on 13 Nov: ..." with the earlier question and its answer, in
/// the learner's language, and the buttons that say whether it solves theirs or peers should be asked.
/// </summary>
internal static class SimilarAnswerMessages
{
    // A chat bubble, not a document: a longer answer is cut, the learner can still ask peers.
    private const int MaxAnswerLength = 800;

    public static Task OfferAsync(TurnContext turn, string lead, IReadOnlyList<SimilarAnswer> earlier, CancellationToken ct)
    {
        if (earlier.Count == 1)
        {
            return turn.SendAsync(
                $"{lead}{Who(turn, earlier[0])}\n\n{Body(earlier[0])}\n\n" + turn.Say("Est-ce que cela résout votre problème ?", "Does this solve your problem?"),
                ct, ChatButtons.SolvesIt.In(turn.IsFrench), ChatButtons.AskPeersAnyway.In(turn.IsFrench));
        }

        var headings = new[] { ChatButtons.FirstAnswer.In(turn.IsFrench), ChatButtons.SecondAnswer.In(turn.IsFrench) };
        var parts = earlier.Take(2).Select((e, i) => $"**{headings[i]}** — {Who(turn, e)}\n\n{Body(e)}");
        return turn.SendAsync(
            lead + turn.Say("Des questions semblables ont déjà reçu une réponse.", "Similar questions were already answered.") + "\n\n"
                + string.Join("\n\n", parts) + "\n\n" + turn.Say("L'une d'elles résout-elle votre problème ?", "Does one of them solve your problem?"),
            ct, ChatButtons.FirstSolvesIt.In(turn.IsFrench), ChatButtons.SecondSolvesIt.In(turn.IsFrench), ChatButtons.AskPeersAnyway.In(turn.IsFrench));
    }

    private static string Who(TurnContext turn, SimilarAnswer similar)
    {
        var day = similar.Earlier.AnsweredAt.ToString("d MMM", CultureInfo.GetCultureInfo(turn.IsFrench ? "fr-FR" : "en-GB"));
        return similar.Earlier.AuthorRole == "tutor"
            ? turn.Say($"Un·e tuteur·rice a répondu à une question semblable le {day} :", $"A tutor answered a similar question on {day}:")
            : turn.Say($"Un pair a répondu à une question semblable le {day} :", $"A peer answered a similar question on {day}:");
    }

    private static string Body(SimilarAnswer similar)
    {
        var answer = similar.Earlier.AnswerText.Trim();
        if (answer.Length > MaxAnswerLength)
        {
            answer = answer[..MaxAnswerLength].TrimEnd() + "…";
        }

        return ChatMarkdown.Quote(similar.Earlier.Text) + "\n\n" + ChatMarkdown.Escape(answer);
    }
}
