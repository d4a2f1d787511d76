using System.Collections.Concurrent;

namespace SupportBot.Shared.Faq;

/// <summary>
/// The words of a text as all-MiniLM-L6-v2 reads them in context: one unit vector per word piece, from the model's last
/// layer before the mean that makes the sentence vector (<see cref="SentenceEmbedder"/>). Two texts' sentence vectors say
/// whether they are about the same thing; their words say whether every word of one has a counterpart in the other. A near
/// miss ("I can't hear anything" against the microphone entry) is close as a whole but has a word nothing in the entry
/// is close to (<see cref="ContextCoverage"/>, bench/README.md, #16 fourteenth round).
/// <para>
/// The same model and, for a message, the same run as its sentence vector (<see cref="SentenceModel"/>); safe from any
/// thread. Entry texts are remembered, messages are not.
/// </para>
/// </summary>
public sealed class ContextualWords
{
    /// <summary>A question is read whole (the model reads 256 word pieces at most, as for the sentence vectors).</summary>
    public const int QuestionPieces = SentenceModel.MaxPieces;

    /// <summary>An answer's opening says what it is about; its first 64 word pieces keep an entry's words in about 400 kB.</summary>
    public const int AnswerPieces = 64;

    /// <summary>How many entries' words are read when the matcher is built (an entry's are some 270 vectors, 400 kB).</summary>
    public const int EntriesKept = 300;

    // Past this many remembered word vectors (1.5 kB each: about 150 MB, some 370 entries), start again rather than grow
    // without bound.
    private const int MaxRemembered = 100_000;

    // Grammar words and punctuation match something in any text: a message is covered by its content words.
    private static readonly HashSet<string> Ignored =
    [
        "[CLS]", "[SEP]", "[PAD]", "a", "an", "the", "i", "my", "me", "to", "of", "in", "on", "for", "is", "it", "and", "or", "do",
        "does", "how", "what", "can", "be", "with", "at", "this", "that", "you", "your", "s", "t", "am", "are", "have", "has",
    ];

    private readonly ConcurrentDictionary<string, float[][]> remembered = new(StringComparer.Ordinal);
    private int rememberedWords;

    /// <summary>The process's reader (the model is shared by every instance; each remembers its own texts).</summary>
    public static ContextualWords Default { get; } = new();

    /// <summary>The content words of an entry's text, from its first <paramref name="pieces"/> word pieces (remembered: the same entry is weighed for many messages).</summary>
    public float[][] OfEntry(string text, int pieces)
    {
        var key = pieces + "\u0001" + text;
        if (remembered.TryGetValue(key, out var known))
        {
            return known;
        }

        if (Volatile.Read(ref rememberedWords) >= MaxRemembered)
        {
            remembered.Clear();
            Interlocked.Exchange(ref rememberedWords, 0);
        }

        var words = ContentWords(SentenceModel.MiniLM.Run(text, pieces).Pieces);
        if (remembered.TryAdd(key, words))
        {
            Interlocked.Add(ref rememberedWords, words.Length);
        }

        return words;
    }

    /// <summary>
    /// The content words of a learner's message, each a unit vector, from the run that gave its sentence vector when
    /// there was one (<see cref="SentenceEmbedder.ReadWords"/> reads the same text).
    /// </summary>
    public float[][] Read(string text) => ContentWords(SentenceModel.MiniLM.Read(text).Pieces);

    /// <summary>
    /// A message read together with one of an entry's phrasings, in one run (<see cref="SentenceModel.RunTogether"/>), against
    /// both read alone (<paramref name="messageVector"/>, <paramref name="phrasingVector"/>).
    /// </summary>
    public static JointReading ReadTogether(string message, float[] messageVector, string phrasing, float[] phrasingVector)
    {
        var (first, second) = SentenceModel.MiniLM.RunTogether(message, phrasing);
        if (first.Length == 0 || second.Length == 0)
        {
            return JointReading.Nothing;
        }

        var (messageMean, phrasingMean) = (Mean(first), Mean(second));
        return new JointReading(
            FaqEmbeddingIndex.Dot(messageMean, phrasingMean),
            FaqEmbeddingIndex.Dot(messageMean, messageVector),
            FaqEmbeddingIndex.Dot(phrasingMean, phrasingVector),
            FaqEmbeddingIndex.Dot(messageVector, phrasingVector));
    }

    private static float[] Mean(SentenceModel.Piece[] pieces)
    {
        var mean = new float[pieces[0].Vector.Length];
        foreach (var piece in pieces)
        {
            for (var k = 0; k < mean.Length; k++)
            {
                mean[k] += piece.Vector[k];
            }
        }

        return SentenceModel.Unit(mean);
    }

    private static float[][] ContentWords(IEnumerable<SentenceModel.Piece> pieces) =>
        [.. pieces.Where(p => !Ignored.Contains(p.Token) && p.Token.Any(char.IsLetterOrDigit)).Select(p => SentenceModel.Unit([.. p.Vector]))];
}

/// <summary>
/// A message and an entry's phrasing read together in one run: how close the means of their word pieces are in it, how
/// much each stays what it was read alone, and how close the two are read apart. MiniLM was trained on texts read alone,
/// yet its attention reads across a pair: beside a phrasing that asks the same thing a message stays close to it, beside
/// a near miss it drifts (bench/README.md, #16 sixteenth round).
/// </summary>
public readonly record struct JointReading(double Together, double MessageKept, double PhrasingKept, double Apart)
{
    /// <summary>Nothing to compare (an empty text).</summary>
    public static JointReading Nothing { get; } = new(0, 1, 1, 0);
}
