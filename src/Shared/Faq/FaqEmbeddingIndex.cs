using System.Numerics;

namespace SupportBot.Shared.Faq;

/// <summary>
/// The sentence vectors of every entry, computed once when the matcher is built: one per question variant
/// and keyword, one per answer language. For a learner's message it gives
/// each entry's closeness in meaning: its best variant's cosine, or its answer's at a discount, whichever is
/// higher, so "my screen goes black in the virtual class" finds an entry none of whose words it uses.
/// </summary>
internal sealed class FaqEmbeddingIndex
{
    // A message as close to an entry's answer as to its questions is as likely about it (calibrated: 0.8 and 0.9 did no better).
    private const float AnswerWeight = 1.0f;

    private readonly SentenceEmbedder embedder;
    private readonly float[][] variants;
    private readonly int[] variantStart;
    private readonly float[][] answers;
    private readonly int[] answerStart;

    // How alike an entry's own phrasings are to one another: a message as close to the entry as its phrasings are to
    // each other is more likely one more of them (AnswerConfidence).
    private readonly double[] cohesion;

    // The same entries read by the embedder's second model (null: the second opinion is this index's own).
    private readonly FaqEmbeddingIndex? second;

    // Phrasings learned from use, with the entry each was learned for (Recall).
    private readonly float[][] learned;
    private readonly int[] learnedEntry;

    // Each entry's texts as the model reads them (questions and keywords; answers), for their words in context (Cover).
    private readonly string[][] variantTexts;
    private readonly string[][] answerTexts;

    private FaqEmbeddingIndex(
        SentenceEmbedder embedder, float[][] variants, int[] variantStart, float[][] answers, int[] answerStart, FaqEmbeddingIndex? second, float[][] learned,
        int[] learnedEntry, string[][] variantTexts, string[][] answerTexts)
    {
        this.embedder = embedder;
        this.variantTexts = variantTexts;
        this.answerTexts = answerTexts;
        this.second = second;
        this.learned = learned;
        this.learnedEntry = learnedEntry;
        this.variants = variants;
        this.variantStart = variantStart;
        this.answers = answers;
        this.answerStart = answerStart;
        cohesion = new double[variantStart.Length - 1];
        for (var e = 0; e < cohesion.Length; e++)
        {
            var (sum, pairs) = (0.0, 0);
            for (var a = variantStart[e]; a < variantStart[e + 1]; a++)
            {
                for (var b = a + 1; b < variantStart[e + 1]; b++)
                {
                    sum += Dot(variants[a], variants[b]);
                    pairs++;
                }
            }

            cohesion[e] = pairs == 0 ? 1 : sum / pairs;
        }
    }

    /// <summary>Whether French messages are read for meaning too (through their English gloss).</summary>
    public bool ReadsFrench => embedder.ReadsFrench;

    /// <remarks>
    /// When the embedder reads French, an entry's French questions and answer count once more through their English
    /// gloss, as a French message is read: the model then compares English with English even where the knowledge base
    /// is written in French only.
    /// </remarks>
    /// <param name="learned">Phrasings learned from use, remembered apart from the entries' questions (<see cref="Recall"/>).</param>
    public static FaqEmbeddingIndex Build(IReadOnlyList<KnowledgeEntry> entries, SentenceEmbedder embedder, IReadOnlyList<LearnedPhrasing>? learned = null)
    {
        learned ??= [];
        string[] Glossed(IEnumerable<string> french) =>
            embedder.ReadsFrench ? [.. french.Select(t => embedder.ReadAs(t, FaqLanguages.French)).Where(t => !string.IsNullOrWhiteSpace(t))] : [];

        var variantTexts = entries.Select(e => e.Questions.All().Select(q => q.Text).Concat(e.KeywordList).Concat(Glossed(e.Questions.Fr)).Distinct().ToArray()).ToArray();
        var answerTexts = entries.Select(e => new[] { e.Answer.Fr, e.Answer.En }.Concat(Glossed([e.Answer.Fr])).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().ToArray()).ToArray();
        var index = new FaqEmbeddingIndex(
            embedder,
            embedder.EmbedAll(variantTexts.SelectMany(v => v).ToArray()),
            Starts(variantTexts),
            embedder.EmbedAll(answerTexts.SelectMany(a => a).ToArray()),
            Starts(answerTexts),
            embedder.Second is { } model ? Build(entries, model) : null,
            learned.Count == 0 ? [] : embedder.EmbedAll([.. learned.Select(l => embedder.ReadAs(l.Text, l.Language))]),
            [.. learned.Select(l => l.Entry)],
            variantTexts,
            answerTexts);
        index.ReadEntryWords();
        return index;
    }

    /// <summary>
    /// Reads every entry's words now, while the matcher is built in the background, so that no learner's message waits
    /// for those of the entries it is weighed against (tens of ms an entry); a base too large to keep them all has them
    /// read as messages need them.
    /// </summary>
    private void ReadEntryWords()
    {
        if (embedder.Words is not { } reader || variantTexts.Length > ContextualWords.EntriesKept)
        {
            return;
        }

        for (var e = 0; e < variantTexts.Length; e++)
        {
            foreach (var text in variantTexts[e])
            {
                reader.OfEntry(text, ContextualWords.QuestionPieces);
            }

            foreach (var text in answerTexts[e])
            {
                reader.OfEntry(text, ContextualWords.AnswerPieces);
            }
        }
    }

    /// <summary>The message's vector, read in <paramref name="language"/> (French through its gloss when the embedder reads French).</summary>
    public float[] Read(string message, string? language) => embedder.EmbedMessage(message, language);

    /// <summary>The entry of the learned phrasing closest in meaning to the message's vector, and that closeness (-1 and 0: none).</summary>
    public (int Entry, double Closeness) Recall(float[] query)
    {
        var (entry, best) = (-1, 0.0);
        for (var k = 0; k < learned.Length; k++)
        {
            var closeness = Dot(query, learned[k]);
            (entry, best) = closeness > best ? (learnedEntry[k], closeness) : (entry, best);
        }

        return (entry, best);
    }

    /// <summary>Each entry's closeness in meaning to the message's vector, in entry order.</summary>
    public void Score(float[] query, Span<double> closeness)
    {
        for (var e = 0; e < closeness.Length; e++)
        {
            var best = 0f;
            for (var v = variantStart[e]; v < variantStart[e + 1]; v++)
            {
                best = Math.Max(best, Dot(query, variants[v]));
            }

            for (var a = answerStart[e]; a < answerStart[e + 1]; a++)
            {
                best = Math.Max(best, AnswerWeight * Dot(query, answers[a]));
            }

            closeness[e] = best;
        }
    }

    /// <summary>
    /// How the message's vector sits against one entry: its mean cosine with the entry's phrasings, its best with the
    /// entry's answers, and how alike those phrasings are to one another.
    /// </summary>
    public EntryMeaning Describe(float[] query, int entry)
    {
        var sum = 0.0;
        for (var v = variantStart[entry]; v < variantStart[entry + 1]; v++)
        {
            sum += Dot(query, variants[v]);
        }

        var answer = 0.0;
        for (var a = answerStart[entry]; a < answerStart[entry + 1]; a++)
        {
            answer = Math.Max(answer, Dot(query, answers[a]));
        }

        var count = variantStart[entry + 1] - variantStart[entry];
        return new EntryMeaning(count == 0 ? 0 : sum / count, answer, cohesion[entry]);
    }

    /// <summary>
    /// The second model's opinion of one entry for the message (<see cref="SentenceEmbedder.Second"/>), with
    /// <paramref name="closeness"/> as room for every entry's; without a second model, this index's own for
    /// <paramref name="vector"/>, the message's vector already read.
    /// </summary>
    public SecondOpinion SecondOpinion(string message, string? language, float[] vector, int entry, Span<double> closeness)
    {
        var (index, query) = second is null ? (this, vector) : (second, second.Read(message, language));
        index.Score(query, closeness);
        var meaning = index.Describe(query, entry);
        return new SecondOpinion(closeness[entry], EntryStanding.Of(closeness, entry), meaning.ToAnswer, closeness[entry] - meaning.Cohesion);
    }

    /// <summary>
    /// The message read together with the entry's phrasing closest to it in meaning (<see cref="ContextualWords.ReadTogether"/>);
    /// null when the embedder has no word reader (a model of one's own, in tests).
    /// </summary>
    public JointReading? ReadTogether(string message, string? language, float[] vector, int entry)
    {
        if (embedder.Words is null || variantStart[entry] == variantStart[entry + 1])
        {
            return null;
        }

        var (closest, best) = (variantStart[entry], float.MinValue);
        for (var v = variantStart[entry]; v < variantStart[entry + 1]; v++)
        {
            var closeness = Dot(vector, variants[v]);
            (closest, best) = closeness > best ? (v, closeness) : (closest, best);
        }

        return ContextualWords.ReadTogether(embedder.ModelText(message, language), vector, variantTexts[entry][closest - variantStart[entry]], variants[closest]);
    }

    /// <summary>
    /// How well each of <paramref name="entries"/> covers the message's words, word by word in context
    /// (<see cref="ContextualWords"/>); the message is read once. Null when the embedder has no word reader (a model of
    /// one's own, in tests).
    /// </summary>
    public EntryCovering[]? CoverEach(string message, string? language, IReadOnlyList<int> entries)
    {
        if (embedder.Words is not { } reader || embedder.ReadWords(message, language) is not { } words)
        {
            return null;
        }

        return [.. entries.Select(e => words.Length == 0 ? EntryCovering.Full : Covering(reader, words, e))];
    }

    private EntryCovering Covering(ContextualWords reader, float[][] words, int entry)
    {
        var questionWords = variantTexts[entry].Select(t => reader.OfEntry(t, ContextualWords.QuestionPieces)).ToArray();
        var answerWords = answerTexts[entry].SelectMany(t => reader.OfEntry(t, ContextualWords.AnswerPieces)).ToArray();
        var best = new double[words.Length];
        var byQuestion = new double[questionWords.Length];
        var (questions, answers) = (0.0, 0.0);
        for (var w = 0; w < words.Length; w++)
        {
            var toQuestions = 0.0;
            for (var q = 0; q < questionWords.Length; q++)
            {
                var toQuestion = Best(words[w], questionWords[q]);
                byQuestion[q] += toQuestion;
                toQuestions = Math.Max(toQuestions, toQuestion);
            }

            var toAnswers = Best(words[w], answerWords);
            best[w] = Math.Max(toQuestions, toAnswers);
            (questions, answers) = (questions + toQuestions, answers + toAnswers);
        }

        var bestQuestion = byQuestion.Length == 0 ? 0 : byQuestion.Max() / words.Length;

        var mean = best.Average();
        Array.Sort(best);
        return new EntryCovering(mean, best[0], best[best.Length / 4], questions / words.Length, answers / words.Length, bestQuestion);
    }

    private static double Best(float[] word, float[][] others)
    {
        var best = 0f;
        foreach (var other in others)
        {
            best = Math.Max(best, Dot(word, other));
        }

        return best;
    }

    private static int[] Starts(string[][] groups)
    {
        var starts = new int[groups.Length + 1];
        for (var g = 0; g < groups.Length; g++)
        {
            starts[g + 1] = starts[g] + groups[g].Length;
        }

        return starts;
    }

    // The vectors are unit length, so their dot product is their cosine.
    internal static float Dot(float[] a, float[] b)
    {
        var sum = Vector<float>.Zero;
        var i = 0;
        for (; i <= a.Length - Vector<float>.Count; i += Vector<float>.Count)
        {
            sum += new Vector<float>(a, i) * new Vector<float>(b, i);
        }

        var total = Vector.Sum(sum);
        for (; i < a.Length; i++)
        {
            total += a[i] * b[i];
        }

        return total;
    }
}

/// <summary>A phrasing learned from use for the entry at index <paramref name="Entry"/>, as the models read it.</summary>
internal readonly record struct LearnedPhrasing(int Entry, string Text, string Language);

/// <summary>One entry against one message: mean cosine with the entry's phrasings, best with its answers, the phrasings' own mean cosine.</summary>
internal readonly record struct EntryMeaning(double MeanToPhrasings, double ToAnswer, double Cohesion);

/// <summary>
/// How well one entry's words cover a message's, each message word taking its closest entry word in context: their
/// mean, the lowest, the lower quartile; the mean against its questions alone, its answer alone, and its best single question.
/// </summary>
internal readonly record struct EntryCovering(double Mean, double Lowest, double Quartile, double Questions, double Answers, double BestQuestion)
{
    /// <summary>A message with no content word (only grammar words or symbols): nothing to miss.</summary>
    public static EntryCovering Full { get; } = new(1, 1, 1, 1, 1, 1);
}

/// <summary>
/// How well the weighed entry's words cover the message's (<see cref="EntryCovering"/>), and the lead of its mean and
/// quartile over the best of the other entries the matcher compared it with.
/// </summary>
internal readonly record struct ContextCoverage(
    double Mean, double Lowest, double Quartile, double Questions, double Answers, double BestQuestion, double MeanLead, double QuartileLead)
{
    /// <summary>A message with no content word (only grammar words or symbols): nothing to miss.</summary>
    public static ContextCoverage Nothing { get; } = new(1, 1, 1, 1, 1, 1, 0, 0);

    /// <summary>The coverage of <paramref name="all"/>[<paramref name="weighed"/>], with its lead over the others (none: no lead).</summary>
    public static ContextCoverage Of(IReadOnlyList<EntryCovering> all, int weighed)
    {
        var (otherMean, otherQuartile) = (double.MinValue, double.MinValue);
        for (var k = 0; k < all.Count; k++)
        {
            if (k != weighed)
            {
                (otherMean, otherQuartile) = (Math.Max(otherMean, all[k].Mean), Math.Max(otherQuartile, all[k].Quartile));
            }
        }

        var w = all[weighed];
        return all.Count == 1
            ? new ContextCoverage(w.Mean, w.Lowest, w.Quartile, w.Questions, w.Answers, w.BestQuestion, 0, 0)
            : new ContextCoverage(w.Mean, w.Lowest, w.Quartile, w.Questions, w.Answers, w.BestQuestion, w.Mean - otherMean, w.Quartile - otherQuartile);
    }
}

/// <summary>
/// A second model's reading of one entry for a message: its closeness, where that stands among all entries', its
/// closeness to the entry's answer, and its closeness less how alike the entry's phrasings are.
/// </summary>
internal readonly record struct SecondOpinion(double Closeness, EntryStanding Standing, double ToAnswer, double OverCohesion);

/// <summary>
/// Where one entry's closeness stands among all entries': its lead over the closest other entry, whether it is the
/// closest (the first of equals), and how far above the mean it is, in standard deviations.
/// </summary>
internal readonly record struct EntryStanding(double Lead, bool First, double Deviations)
{
    public static EntryStanding Of(ReadOnlySpan<double> closeness, int entry)
    {
        var (top, other, sum) = (0, 0.0, 0.0);
        for (var e = 0; e < closeness.Length; e++)
        {
            top = closeness[e] > closeness[top] ? e : top;
            other = e == entry ? other : Math.Max(other, closeness[e]);
            sum += closeness[e];
        }

        var mean = sum / closeness.Length;
        var spread = 0.0;
        foreach (var x in closeness)
        {
            spread += (x - mean) * (x - mean);
        }

        return new EntryStanding(closeness[entry] - other, top == entry, (closeness[entry] - mean) / (Math.Sqrt(spread / closeness.Length) + 1e-6));
    }
}
