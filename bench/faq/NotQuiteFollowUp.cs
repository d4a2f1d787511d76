using System.Globalization;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Issue #16, what "not quite" would offer after a confident answer: for every message the matcher answers, the next
/// entries it would show as buttons (<see cref="FaqMatcher.Others"/>). Counted per kind of answer: a right answer (the
/// learner may still say "not quite"), another entry's answer to an answerable message (the right one among the buttons
/// is one click away from an answer), and an answer to a message the base does not cover (buttons there are noise).
/// Prints aggregate counts only; the judging sets are not read.
/// </summary>
internal static class NotQuiteFollowUp
{
    public static void Run(IReadOnlyList<EvaluationSet> sets, SentenceEmbedder embedder, IReadOnlyDictionary<string, string> options)
    {
        var skipped = DecisionModel.Skipped(options);
        var (right, rightWithButtons) = (0, 0);
        var (misrouted, misroutedWithButtons, misroutedRightAmong) = (0, 0, 0);
        var (outOfScope, outOfScopeWithButtons) = (0, 0);
        foreach (var set in sets.Where(s => s.Name.StartsWith("blind", StringComparison.Ordinal) && !skipped.Contains(s.Name)))
        {
            var matcher = FaqMatcher.Build(set.Entries, embedder: embedder);
            var known = set.Entries.Select(e => e.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var query in set.Queries)
            {
                if (matcher.Match(query.Q) is not { Outcome: MatchOutcome.Answered, EntryId: { } answered })
                {
                    continue;
                }

                var others = matcher.Others(query.Q, answered);
                var expected = query.Id is { } id && known.Contains(id) ? id : null;
                if (expected is null)
                {
                    (outOfScope, outOfScopeWithButtons) = (outOfScope + 1, outOfScopeWithButtons + (others.Count > 0 ? 1 : 0));
                }
                else if (expected == answered)
                {
                    (right, rightWithButtons) = (right + 1, rightWithButtons + (others.Count > 0 ? 1 : 0));
                }
                else
                {
                    misrouted++;
                    misroutedWithButtons += others.Count > 0 ? 1 : 0;
                    misroutedRightAmong += others.Contains(expected) ? 1 : 0;
                }
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
            "Not quite" after a confident answer, what the next entries would offer (fitted blind sets, shipped settings):
            | answered | messages | with buttons | right entry among them |
            | --- | ---: | ---: | ---: |
            | the right entry | {right} | {rightWithButtons} | |
            | another entry (answerable) | {misrouted} | {misroutedWithButtons} | {misroutedRightAmong} |
            | a message the base does not cover | {outOfScope} | {outOfScopeWithButtons} | |
            """));
    }
}
