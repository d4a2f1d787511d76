using System.Globalization;
using SupportBot.Shared.Faq;

namespace SupportBot.Bench;

/// <summary>
/// Issue #16 item 4, measured: how much a knowledge base nobody tuned for gains from its learners' own use. Each set's
/// messages are split in two halves (even and odd lines); the learners of one half use the bot as shipped, and what they
/// teach it is added the way the product adds it; the other half is then scored with and without those phrasings, and
/// the halves swap. Prints aggregate rates only, so blind sets stay blind.
/// <para>
/// The learners: one who picks the right button when it is shown and clicks "this helped" on a right answer (an upper
/// bound: real learners click less), and a careless one who, on every third message whose right entry is not among the
/// buttons, picks the first button anyway (a wrong phrasing learned, the harm learning can do).
/// </para>
/// </summary>
internal static class LearningFromUse
{
    public static void Run(IReadOnlyList<EvaluationSet> sets, SentenceEmbedder embedder)
    {
        Console.WriteLine("Learning from use: each half of a set's messages scored before and after the other half's learners used the bot");
        Console.WriteLine("(overall % · right answers % · wrong answers · one-click %; the two halves summed)");
        Console.WriteLine();
        Console.WriteLine("| set | before | after, careful learners (phrasings learned) | after, careless learners (phrasings learned, of them wrong) |");
        Console.WriteLine("| --- | --- | --- | --- |");
        var totals = new Score[3];
        foreach (var set in sets)
        {
            var matcher = FaqMatcher.Build(set.Entries, embedder: embedder);
            var halves = new[] { set.Queries.Where((_, i) => i % 2 == 0).ToList(), set.Queries.Where((_, i) => i % 2 == 1).ToList() };
            var (before, careful, careless) = (default(Score), default(Score), default(Score));
            var (carefulLearned, carelessLearned, carelessWrong) = (0, 0, 0);
            for (var h = 0; h < 2; h++)
            {
                var (users, judged) = (halves[h], halves[1 - h]);
                before += Score.Of(matcher, judged);
                var taught = Teach(matcher, set.Entries, users, careless: false);
                carefulLearned += taught.Learned;
                careful += Score.Of(FaqMatcher.Build(taught.Entries, embedder: embedder), judged);
                taught = Teach(matcher, set.Entries, users, careless: true);
                (carelessLearned, carelessWrong) = (carelessLearned + taught.Learned, carelessWrong + taught.Wrong);
                careless += Score.Of(FaqMatcher.Build(taught.Entries, embedder: embedder), judged);
            }

            totals[0] += before;
            totals[1] += careful;
            totals[2] += careless;
            Console.WriteLine(Invariant($"| {set.Name} | {before} | {careful} ({carefulLearned}) | {careless} ({carelessLearned}, {carelessWrong}) |"));
        }

        Console.WriteLine(Invariant($"| all sets | {totals[0]} | {totals[1]} | {totals[2]} |"));
    }

    /// <summary>
    /// The entries after <paramref name="users"/> asked the bot: a learner's phrasing joins the entry they picked among the
    /// buttons or found helpful, in the language the bot read it in, only if that entry already has a question in that
    /// language and not this very one (the rule of <c>FaqQueryLog.LearnVariantAsync</c>; otherwise a tutor decides), and is
    /// marked learned, as <c>FaqStore</c> marks the phrasings no tutor kept yet.
    /// </summary>
    private static (IReadOnlyList<KnowledgeEntry> Entries, int Learned, int Wrong) Teach(FaqMatcher matcher, IReadOnlyList<KnowledgeEntry> entries, IEnumerable<LabelledQuery> users, bool careless)
    {
        var learned = entries.ToDictionary(e => e.Id, _ => (Fr: new List<string>(), En: new List<string>()), StringComparer.Ordinal);
        var (count, wrong, unseen) = (0, 0, 0);
        foreach (var query in users)
        {
            var match = matcher.Match(query.Q);
            var chosen = match.EntryId == query.Id && query.Id is not null ? query.Id
                : match.Alternatives.Contains(query.Id) ? query.Id
                : careless && match.Alternatives.Count > 0 && unseen++ % 3 == 0 ? match.Alternatives[0]
                : null;
            if (chosen is null || (match.EntryId is not null && match.EntryId != query.Id))
            {
                continue;
            }

            var entry = entries.First(e => e.Id == chosen);
            var (own, added) = match.Language == FaqLanguages.English ? (entry.Questions.En, learned[chosen].En) : (entry.Questions.Fr, learned[chosen].Fr);
            if (own.Count == 0 || own.Concat(added).Any(q => string.Equals(q, query.Q, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            added.Add(query.Q);
            count++;
            wrong += chosen == query.Id ? 0 : 1;
        }

        var taught = entries.Select(e => e with
        {
            Questions = new BilingualQuestions([.. e.Questions.Fr, .. learned[e.Id].Fr], [.. e.Questions.En, .. learned[e.Id].En]),
            Learned = [.. e.LearnedList, .. learned[e.Id].Fr, .. learned[e.Id].En],
        }).ToList();
        return (taught, count, wrong);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Counts over scored messages: right (an answer with the right entry, or an abstention on an out-of-scope message), wrong answers, one-click.</summary>
    private readonly record struct Score(int Messages, int Right, int Answerable, int RightAnswers, int Wrong, int OneClick)
    {
        public static Score Of(FaqMatcher matcher, IEnumerable<LabelledQuery> queries)
        {
            var score = default(Score);
            foreach (var query in queries)
            {
                var match = matcher.Match(query.Q);
                var answeredRight = query.Id is not null && match.EntryId == query.Id;
                score += new Score(
                    1,
                    answeredRight || (query.Id is null && match.EntryId is null) ? 1 : 0,
                    query.Id is null ? 0 : 1,
                    answeredRight ? 1 : 0,
                    match.EntryId is not null && match.EntryId != query.Id ? 1 : 0,
                    answeredRight || (query.Id is not null && match.EntryId is null && match.Alternatives.Contains(query.Id)) ? 1 : 0);
            }

            return score;
        }

        public static Score operator +(Score a, Score b) => new(
            a.Messages + b.Messages, a.Right + b.Right, a.Answerable + b.Answerable, a.RightAnswers + b.RightAnswers, a.Wrong + b.Wrong, a.OneClick + b.OneClick);

        public override string ToString() => Invariant(
            $"{Percent(Right, Messages)} · {Percent(RightAnswers, Answerable)} · {Wrong} · {Percent(OneClick, Answerable)}");

        private static string Percent(int part, int whole) => whole == 0 ? "–" : (100.0 * part / whole).ToString("F1", CultureInfo.InvariantCulture);
    }
}
