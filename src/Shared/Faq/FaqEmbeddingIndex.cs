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

    private FaqEmbeddingIndex(SentenceEmbedder embedder, float[][] variants, int[] variantStart, float[][] answers, int[] answerStart)
    {
        this.embedder = embedder;
        this.variants = variants;
        this.variantStart = variantStart;
        this.answers = answers;
        this.answerStart = answerStart;
    }

    /// <summary>Whether French messages are read for meaning too (through their English gloss).</summary>
    public bool ReadsFrench => embedder.ReadsFrench;

    /// <remarks>
    /// When the embedder reads French, an entry's French questions and answer count once more through their English
    /// gloss, as a French message is read: the model then compares English with English even where the knowledge base
    /// is written in French only.
    /// </remarks>
    public static FaqEmbeddingIndex Build(IReadOnlyList<KnowledgeEntry> entries, SentenceEmbedder embedder)
    {
        string[] Glossed(IEnumerable<string> french) =>
            embedder.ReadsFrench ? [.. french.Select(t => embedder.ReadAs(t, FaqLanguages.French)).Where(t => !string.IsNullOrWhiteSpace(t))] : [];

        var variantTexts = entries.Select(e => e.Questions.All().Select(q => q.Text).Concat(e.KeywordList).Concat(Glossed(e.Questions.Fr)).Distinct().ToArray()).ToArray();
        var answerTexts = entries.Select(e => new[] { e.Answer.Fr, e.Answer.En }.Concat(Glossed([e.Answer.Fr])).Where(a => !string.IsNullOrWhiteSpace(a)).Distinct().ToArray()).ToArray();
        return new FaqEmbeddingIndex(
            embedder,
            embedder.EmbedAll(variantTexts.SelectMany(v => v).ToArray()),
            Starts(variantTexts),
            embedder.EmbedAll(answerTexts.SelectMany(a => a).ToArray()),
            Starts(answerTexts));
    }

    /// <summary>Each entry's closeness in meaning to the message, read in <paramref name="language"/>, in entry order.</summary>
    public void Score(string message, string? language, Span<double> closeness)
    {
        var query = embedder.EmbedMessage(message, language);
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
    private static float Dot(float[] a, float[] b)
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
