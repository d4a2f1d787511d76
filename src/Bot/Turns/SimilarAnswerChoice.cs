using System.Globalization;
using System.Text;
using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Which of two offered earlier answers the learner picks, from a button or typed: "la première",
/// "la 2e réponse", "the second one", "answer 1", "1", "#2". Only an ordinal with words that say nothing
/// else counts, so "1 question de plus" or "the first formula fails" are not a choice.
/// </summary>
internal static class SimilarAnswerChoice
{
    private static readonly Dictionary<string, int> Ordinals = new(StringComparer.Ordinal)
    {
        ["1"] = 1, ["1re"] = 1, ["1ere"] = 1, ["1er"] = 1, ["premiere"] = 1, ["premier"] = 1, ["first"] = 1, ["1st"] = 1,
        ["2"] = 2, ["2e"] = 2, ["2eme"] = 2, ["2nde"] = 2, ["seconde"] = 2, ["second"] = 2, ["2nd"] = 2, ["deux"] = 2, ["two"] = 2, ["deuxieme"] = 2,
    };

    // Words around an ordinal that add nothing to the choice: articles, "answer", "solves my problem", "please".
    private static readonly HashSet<string> Filler = new(StringComparer.Ordinal)
    {
        "la", "le", "l", "celle", "c", "est", "ca", "cela", "reponse", "numero", "no", "n", "option", "choix", "resout", "mon", "ma", "probleme",
        "me", "suffit", "va", "oui", "merci", "svp", "stp", "m", "a", "aide", "aidee",
        "the", "one", "answer", "number", "nr", "it", "solves", "this", "that", "my", "problem", "yes", "please", "thanks", "helps", "helped", "works",
    };

    /// <returns>1 or 2, or 0 when the text is not a choice between the offers.</returns>
    public static int RankOf(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 80)
        {
            return 0;
        }

        if (ChatButtons.FirstSolvesIt.Matches(text))
        {
            return 1;
        }

        if (ChatButtons.SecondSolvesIt.Matches(text))
        {
            return 2;
        }

        var (rank, one) = (0, false);
        foreach (var word in Words(text))
        {
            if (word is "one" or "une")
            {
                // "The second one": a choice by itself only when no other ordinal is given.
                one = true;
            }
            else if (Ordinals.TryGetValue(word, out var r))
            {
                if (rank != 0 && rank != r)
                {
                    return 0;
                }

                rank = r;
            }
            else if (!Filler.Contains(word))
            {
                return 0;
            }
        }

        return rank != 0 ? rank : one ? 1 : 0;
    }

    /// <summary>Lower-case words without accents; "#2", "n°1" and "1." give their number.</summary>
    private static IEnumerable<string> Words(string text)
    {
        var folded = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormD))
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            folded.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }

        return folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }
}
