namespace SupportBot.Shared.Faq;

/// <summary>
/// Builds <see cref="FaqMatcher"/>'s inverted index while entries are added: term ids, document frequencies,
/// postings (entry, which variants hold the term, field weight), each variant's terms and language, and the
/// words each language of the knowledge base uses. The matcher turns it into flat arrays once all entries are in.
/// </summary>
internal sealed class FaqIndexBuilder
{
    // A query word found only in an entry's answer or topic, not in any of its questions: likely related, less sure.
    private const double AnswerFieldWeight = 0.8;

    // A general synonym of a word of the entry's questions (from the thesaurus): a hint, well below the word itself.
    private const double ThesaurusWeight = 0.4;

    // Answer and synonym postings of a term are kept while the term has at most this many entries (or a twentieth of them).
    private const int MinSecondaryPostings = 50;

    // Entries are compared by variant; a 64-bit mask per posting says which variants hold the term.
    private const int MaxVariants = 64;

    private readonly List<List<(int Entry, ulong Variants, double Weight)>> postings = [];

    private readonly Thesaurus thesaurus;

    public FaqIndexBuilder(Thesaurus thesaurus) => this.thesaurus = thesaurus;

    public Thesaurus Thesaurus => thesaurus;

    /// <summary>The words of the entries' French text (questions and answers); English below.</summary>
    public HashSet<string> FrenchWords { get; } = new(StringComparer.Ordinal);

    public HashSet<string> EnglishWords { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, int> TermIds { get; } = new(StringComparer.Ordinal);

    public List<int> DocumentFrequency { get; } = [];

    public List<int> VariantStart { get; } = [0];

    public List<string> VariantLanguage { get; } = [];

    public List<int[]> VariantTerms { get; } = [];

    public Dictionary<string, int> WordCounts { get; } = new(StringComparer.Ordinal);

    public void AddEntry(int entry, KnowledgeEntry knowledge)
    {
        var tokens = new List<FaqToken>();
        var terms = new List<FaqTerm>();
        var masks = new Dictionary<int, ulong>();
        var variant = 0;

        // A keyword is a phrasing of its own, read in both languages: "moodle" alone covers it whole, as a
        // one-word question would. The tutors' word for what learners say, as strong as a question's.
        var firstLanguage = knowledge.Questions.All().Select(q => q.Language).FirstOrDefault() ?? FaqLanguages.French;
        var phrasings = knowledge.Questions.All().Select(q => (q.Language, q.Text, Keyword: false))
            .Concat(knowledge.KeywordList.Select(k => (Language: firstLanguage, Text: k, Keyword: true)));
        foreach (var (language, text, keyword) in phrasings)
        {
            // Past 64 variants, the last bit stands for all the remaining ones together.
            var bit = Math.Min(variant, MaxVariants - 1);
            if (variant < MaxVariants)
            {
                VariantLanguage.Add(language);
                VariantTerms.Add([]);
            }

            tokens.Clear();
            terms.Clear();
            foreach (var reading in keyword ? [FaqLanguages.French, FaqLanguages.English] : new[] { language })
            {
                var start = tokens.Count;
                FaqTextAnalyzer.Tokenize(text, reading, tokens);
                foreach (var token in tokens.Skip(start).Where(t => !t.IsStop))
                {
                    WordCounts[token.Surface] = WordCounts.GetValueOrDefault(token.Surface) + 1;
                    if (!keyword)
                    {
                        (language == FaqLanguages.English ? EnglishWords : FrenchWords).Add(token.Surface);
                    }
                }

                LearnerVocabulary.Apply(tokens.Skip(start).ToList(), reading, terms);
            }

            var ids = terms.Select(t => Id(t.Key)).Distinct().ToArray();
            foreach (var id in ids)
            {
                masks[id] = masks.GetValueOrDefault(id) | (1UL << bit);
            }

            VariantTerms[^1] = VariantTerms[^1].Union(ids).ToArray();
            variant++;
        }

        var weights = masks.Keys.ToDictionary(id => id, _ => 1.0);
        foreach (var (language, text) in new[] { (FaqLanguages.French, knowledge.Answer.Fr), (FaqLanguages.English, knowledge.Answer.En), (FaqLanguages.English, knowledge.Topic) })
        {
            tokens.Clear();
            terms.Clear();
            FaqTextAnalyzer.Tokenize(text, language, tokens);
            if (text != knowledge.Topic)
            {
                (language == FaqLanguages.English ? EnglishWords : FrenchWords).UnionWith(tokens.Where(t => !t.IsStop).Select(t => t.Surface));
            }

            LearnerVocabulary.Apply(tokens, language, terms);
            foreach (var term in terms)
            {
                weights.TryAdd(Id(term.Key), AnswerFieldWeight);
            }
        }

        if (ThesaurusWeight > 0)
        {
            foreach (var (language, text) in knowledge.Questions.All())
            {
                foreach (var word in FaqTextAnalyzer.FoldedWords(text))
                {
                    if (FaqTextAnalyzer.IsStop(word))
                    {
                        continue;
                    }

                    foreach (var synonym in thesaurus.Synonyms(word, language))
                    {
                        tokens.Clear();
                        terms.Clear();
                        tokens.Add(FaqTextAnalyzer.ToToken(synonym, language));
                        LearnerVocabulary.Apply(tokens, language, terms);
                        foreach (var term in terms)
                        {
                            weights.TryAdd(Id(term.Key), ThesaurusWeight);
                        }
                    }
                }
            }
        }

        foreach (var (id, weight) in weights)
        {
            postings[id].Add((entry, masks.GetValueOrDefault(id), weight));
            if (weight != ThesaurusWeight)
            {
                DocumentFrequency[id]++;
            }
        }

        VariantStart.Add(VariantLanguage.Count);
    }

    public (int[] Start, int[] Entries, ulong[] Variants, double[] Weights) Postings()
    {
        var start = new int[postings.Count + 1];

        // A word found in the answers or synonyms of many entries tells little about any one of them, yet
        // would make every query holding it visit them all: past this many, only question postings stay.
        var limit = Math.Max(MinSecondaryPostings, (VariantStart.Count - 1) / 20);
        var flat = postings.SelectMany(p => p.Count > limit ? p.Where(x => x.Variants != 0) : p).ToArray();
        for (var t = 0; t < postings.Count; t++)
        {
            start[t + 1] = start[t] + (postings[t].Count > limit ? postings[t].Count(x => x.Variants != 0) : postings[t].Count);
        }

        return (start, flat.Select(p => p.Entry).ToArray(), flat.Select(p => p.Variants).ToArray(), flat.Select(p => p.Weight).ToArray());
    }

    private int Id(string key)
    {
        if (!TermIds.TryGetValue(key, out var id))
        {
            id = TermIds.Count;
            TermIds[key] = id;
            postings.Add([]);
            DocumentFrequency.Add(0);
        }

        return id;
    }
}
