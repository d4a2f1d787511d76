using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Faq;

namespace SupportBot.Tests.Faq;

/// <summary>
/// The matcher with the real sentence-embedding model (all-MiniLM-L6-v2, shipped in its package) on the demo
/// knowledge base: words answers stay; an English message words and meaning agree on is answered (the agreement
/// band); another message the words do not answer gets its did-you-mean buttons by meaning; an unrelated message
/// still goes to people.
/// </summary>
public sealed class FaqMatcherEmbeddingTests
{
    private static readonly Lazy<SentenceEmbedder> Embedder = new(() => new SentenceEmbedder());

    private static readonly Lazy<FaqMatcher> WithMeaning = new(() => FaqMatcher.Build(DemoKnowledgeBase.File.Entries, embedder: Embedder.Value));

    [Theory]
    [InlineData("video-not-playing", "the movie of the lecture won't run")]
    [InlineData("virtual-class-recording", "the sessions, are they taped")]
    public void A_phrasing_the_words_miss_is_offered_its_entry_by_meaning(string expectedId, string query)
    {
        var byWords = DemoKnowledgeBase.Matcher.Match(query);
        Assert.DoesNotContain(expectedId, byWords.Alternatives);
        Assert.Null(byWords.EntryId);

        var byMeaning = WithMeaning.Value.Match(query);
        Assert.Equal(MatchOutcome.Ambiguous, byMeaning.Outcome);
        Assert.Contains(expectedId, byMeaning.Alternatives);
        Assert.Null(byMeaning.EntryId);
    }

    [Theory]
    [InlineData("what's the capital of Australia")]
    [InlineData("quel temps fera-t-il demain à Lyon ?")]
    [InlineData("what is a balance sheet in accounting?")]
    [InlineData("")]
    public void An_unrelated_message_still_goes_to_people(string query)
    {
        var match = WithMeaning.Value.Match(query);
        Assert.Equal(MatchOutcome.NoMatch, match.Outcome);
        Assert.Empty(match.Alternatives);
    }

    [Theory]
    [InlineData("video-not-playing", "is the lecture video stuck on a dark screen for anyone else")]
    [InlineData("enrolment-certificate", "i need a paper proving i'm enrolled for my boss")]
    public void An_english_message_words_and_meaning_agree_on_is_answered(string expectedId, string query)
    {
        var byWords = DemoKnowledgeBase.Matcher.Match(query);
        Assert.Null(byWords.EntryId);
        Assert.Equal(expectedId, byWords.Alternatives[0]);

        var byMeaning = WithMeaning.Value.Match(query);
        Assert.Equal(MatchOutcome.Answered, byMeaning.Outcome);
        Assert.Equal(expectedId, byMeaning.EntryId);
        Assert.Empty(byMeaning.Alternatives);
    }

    [Fact]
    public void When_meaning_puts_another_entry_first_the_buttons_offer_both()
    {
        const string query = "can i do the final test from another country";
        Assert.Equal(["exam-registration", "exam-centre-overseas"], DemoKnowledgeBase.Matcher.Match(query).Alternatives);

        var byMeaning = WithMeaning.Value.Match(query);
        Assert.Equal(MatchOutcome.Ambiguous, byMeaning.Outcome);
        Assert.Null(byMeaning.EntryId);
        Assert.Equal(["exam-centre-overseas", "exam-registration"], byMeaning.Alternatives);
    }

    [Theory]
    [InlineData("is the lecture video stuck on a dark screen for anyone else", false, "video-not-playing")]
    [InlineData("personne ne m'entend pendant la classe en ligne", false, null)]
    [InlineData("is the lecture video stuck on a dark screen for anyone else", true, "video-not-playing")]
    [InlineData("personne ne m'entend pendant la classe en ligne", true, "virtual-class-audio")]
    public void French_text_is_answered_by_agreement_only_when_read_through_its_gloss(string query, bool gloss, string? expected)
    {
        // A model that finds every text equally close agrees with the words' best entry on any message: only the
        // language rule keeps the French one in the did-you-mean band, whatever the learner's locale, unless the
        // embedder reads French through its English gloss.
        using var embedder = new SentenceEmbedder(() => new CountingEncoder(() => { }), gloss ? FrenchGloss.Default : null);
        var matcher = FaqMatcher.Build(DemoKnowledgeBase.File.Entries, embedder: embedder);
        Assert.Null(DemoKnowledgeBase.Matcher.Match(query).EntryId);
        foreach (var locale in new[] { null, "en-US", "fr-FR" })
        {
            var match = matcher.Match(query, locale);
            Assert.Equal(expected, match.EntryId);
            Assert.Equal(expected is null ? MatchOutcome.Ambiguous : MatchOutcome.Answered, match.Outcome);
        }
    }

    [Theory]
    [InlineData(false, "slow-laptop", new string[0])]
    [InlineData(true, null, new[] { "slow-laptop", "black-screen" })]
    public void Meaning_read_through_the_gloss_turns_a_weak_french_words_answer_into_buttons(bool gloss, string? expected, string[] buttons)
    {
        // Words answer the laptop entry (score about 0.5, below the veto's 0.6); a model that reads "screen" as one
        // meaning and everything else as another puts the black-screen entry first, but only through the gloss:
        // "écran noir" as typed says nothing to it.
        KnowledgeEntry[] entries =
        [
            new("slow-laptop", "device", new BilingualQuestions(["Mon ordinateur portable est très lent"], ["My laptop is very slow"]), new BilingualAnswer("Fermez les autres applications.", "Close the other applications.")),
            new("black-screen", "video", new BilingualQuestions(["Écran noir au démarrage de la vidéo"], ["Black screen when the video starts"]), new BilingualAnswer("Rechargez la page.", "Reload the page.")),
            new("printer", "device", new BilingualQuestions(["L'imprimante ne répond pas"], ["The printer does not respond"]), new BilingualAnswer("Redémarrez l'imprimante.", "Restart the printer.")),
        ];
        const string query = "mon ordinateur portable affiche un écran tout noir";
        var byWords = FaqMatcher.Build(entries).Match(query);
        Assert.Equal("slow-laptop", byWords.EntryId);
        Assert.True(byWords.Score < 0.6, $"words score {byWords.Score}");

        using var embedder = new SentenceEmbedder(() => new KeywordEncoder("screen"), gloss ? FrenchGloss.Default : null);
        var match = FaqMatcher.Build(entries, embedder: embedder).Match(query);
        Assert.Equal(expected, match.EntryId);
        Assert.Equal(buttons, match.Alternatives);
    }

    [Fact]
    public void Words_answers_stay_and_agreement_adds_no_wrong_answer_on_the_labelled_queries()
    {
        foreach (var (query, expected) in LabelledQueries())
        {
            var byWords = DemoKnowledgeBase.Matcher.Match(query);
            var byMeaning = WithMeaning.Value.Match(query);
            if (byWords.EntryId is not null)
            {
                Assert.True(byWords.EntryId == byMeaning.EntryId, $"\"{query}\": {byWords.EntryId} by words, {byMeaning.EntryId} with meaning");
            }
            else if (byMeaning.EntryId is not null)
            {
                Assert.True(byMeaning.EntryId == expected, $"\"{query}\": answered {byMeaning.EntryId} by agreement, labelled {expected ?? "out of scope"}");
            }

            Assert.Equal(byWords.Language, byMeaning.Language);
        }
    }

    [Fact]
    public void Entry_texts_are_encoded_once_across_rebuilds()
    {
        var encoded = 0;
        using var embedder = new SentenceEmbedder(() => new CountingEncoder(() => encoded++));
        FaqMatcher.Build(DemoKnowledgeBase.File.Entries, embedder: embedder);
        var first = encoded;
        var edited = DemoKnowledgeBase.File.Entries.Select((e, i) => i == 0 ? e with { Keywords = ["a keyword no entry had"] } : e).ToList();
        FaqMatcher.Build(edited, embedder: embedder);
        Assert.True(first > 30, $"{first} texts encoded for the first build");
        Assert.Equal(first + 1, encoded);
    }

    [Theory]
    [InlineData("false", false)]
    [InlineData("true", true)]
    [InlineData(null, true)]
    public void The_option_turns_embeddings_off_and_is_on_by_default(string? value, bool enabled)
    {
        using var host = HostWith(value);
        Assert.Equal(enabled, host.Services.GetRequiredService<IOptions<FaqEmbeddingOptions>>().Value.Enabled);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("false", false)]
    public void The_french_gloss_is_an_option_on_by_default(string? value, bool readsFrench)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (value is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("Faq:Embeddings:GlossFrench", value)]);
        }

        builder.AddSupportBotFaq();
        using var host = builder.Build();
        Assert.Equal(readsFrench, host.Services.GetRequiredService<SentenceEmbedder>().ReadsFrench);
    }

    [Fact]
    public async Task A_value_that_is_not_a_boolean_stops_the_start()
    {
        using var host = HostWith("maybe");
        var error = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("Enabled", error.ToString(), StringComparison.Ordinal);
    }

    private static IHost HostWith(string? enabled)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        if (enabled is not null)
        {
            builder.Configuration.AddInMemoryCollection([new("Faq:Embeddings:Enabled", enabled)]);
        }

        builder.AddSupportBotFaq();
        return builder.Build();
    }

    private static IEnumerable<(string Query, string? Id)> LabelledQueries() =>
        File.ReadLines(DemoKnowledgeBase.DevQueriesPath)
            .Concat(File.ReadLines(Path.Combine(AppContext.BaseDirectory, "TestData", "faq-paraphrases.jsonl")))
            .Where(line => line.Length > 0)
            .Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement)
            .Select(q => (q.GetProperty("q").GetString()!, q.TryGetProperty("id", out var id) ? id.GetString() : null));

    /// <summary>One meaning for the texts holding the keyword, another, orthogonal, for all the others.</summary>
    private sealed class KeywordEncoder(string keyword) : SentenceTransformers.ISentenceEncoder
    {
        public float[][] Encode(string[] sentences, CancellationToken cancellationToken = default) =>
            sentences.Select(s =>
            {
                var vector = new float[SentenceEmbedder.Dimensions];
                vector[s.Contains(keyword, StringComparison.OrdinalIgnoreCase) ? 1 : 0] = 1;
                return vector;
            }).ToArray();
    }

    /// <summary>Counts the texts the model is asked to encode; every vector is the same unit vector.</summary>
    private sealed class CountingEncoder(Action onText) : SentenceTransformers.ISentenceEncoder
    {
        public float[][] Encode(string[] sentences, CancellationToken cancellationToken = default)
        {
            foreach (var _ in sentences)
            {
                onText();
            }

            return sentences.Select(_ => Enumerable.Repeat(1 / MathF.Sqrt(SentenceEmbedder.Dimensions), SentenceEmbedder.Dimensions).ToArray()).ToArray();
        }
    }
}
