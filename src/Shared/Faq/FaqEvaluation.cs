using System.Globalization;
using System.Text.Json;

namespace SupportBot.Shared.Faq;

/// <summary>A question with the entry that should answer it, or null when the matcher should abstain.</summary>
public sealed record LabelledQuery(string Q, string? Id)
{
    /// <summary>Reads a JSON-lines file of {"q": ..., "id": ... or null}; blank lines are skipped.</summary>
    public static IReadOnlyList<LabelledQuery> ReadJsonLines(string path) =>
        File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonSerializer.Deserialize<LabelledQuery>(line, JsonSerializerOptions.Web)
                ?? throw new InvalidDataException($"{path}: a line is null"))
            .ToList();
}

/// <summary>
/// How the matcher does on labelled questions: the share of answerable ones answered with the right
/// entry, the share of out-of-scope ones it abstained on, and the share right overall. Ambiguous counts
/// as abstaining: the learner is not told a wrong answer, but not given the right one either.
/// </summary>
public sealed record FaqEvaluation(
    int Answerable,
    int AnsweredRight,
    int AnsweredWrong,
    int OutOfScope,
    int OutOfScopeAbstained,
    IReadOnlyList<FaqEvaluationMiss> Misses)
{
    public double AnswerableRightShare => Answerable == 0 ? 1 : (double)AnsweredRight / Answerable;

    public double OutOfScopeAbstainedShare => OutOfScope == 0 ? 1 : (double)OutOfScopeAbstained / OutOfScope;

    public double Overall => Answerable + OutOfScope == 0 ? 1 : (double)(AnsweredRight + OutOfScopeAbstained) / (Answerable + OutOfScope);

    public static FaqEvaluation Run(FaqMatcher matcher, IEnumerable<LabelledQuery> queries)
    {
        int answerable = 0, right = 0, wrong = 0, outOfScope = 0, abstained = 0;
        var misses = new List<FaqEvaluationMiss>();
        foreach (var query in queries)
        {
            var match = matcher.Match(query.Q);
            if (query.Id is null)
            {
                outOfScope++;
                if (match.EntryId is null)
                {
                    abstained++;
                    continue;
                }
            }
            else
            {
                answerable++;
                if (match.EntryId == query.Id)
                {
                    right++;
                    continue;
                }

                wrong += match.EntryId is null ? 0 : 1;
            }

            misses.Add(new FaqEvaluationMiss(query, match));
        }

        return new FaqEvaluation(answerable, right, wrong, outOfScope, abstained, misses);
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"answerable right {AnsweredRight}/{Answerable} ({AnswerableRightShare:P1}, {AnsweredWrong} wrong), " +
        $"out-of-scope abstained {OutOfScopeAbstained}/{OutOfScope} ({OutOfScopeAbstainedShare:P1}), overall {Overall:P1}");
}

public sealed record FaqEvaluationMiss(LabelledQuery Query, FaqMatch Match);
