using SupportBot.Shared.Faq;

namespace SupportBot.Shared.Routing;

/// <summary>
/// The topic of a question the knowledge base could not answer: the topic of its closest entry,
/// when that entry is close enough (<see cref="MinScore"/>), though below the answer threshold.
/// The seam to the FAQ matcher is its public result only: a second matcher over the same entries
/// whose thresholds are this floor and no margin, so its "answer" is the closest entry.
/// </summary>
public sealed class QuestionTopics(FaqCatalog catalog, FaqStore store)
{
    /// <summary>Below this the closest entry shares a word or two with the question and says nothing of its topic.</summary>
    public const double MinScore = 0.3;

    private (FaqKnowledge Knowledge, TopicIndex Index)? cached;

    public async Task<string?> GuessAsync(string text, string? locale, CancellationToken ct)
    {
        var knowledge = await catalog.GetAsync(ct);
        var current = cached;
        if (current is not { } c || !ReferenceEquals(c.Knowledge, knowledge))
        {
            current = (knowledge, TopicIndex.Build(await store.LoadAllAsync(ct)));
            cached = current;
        }

        return current.Value.Index.Guess(text, locale);
    }
}

/// <summary>The closest-entry matcher and each entry's topic.</summary>
public sealed class TopicIndex
{
    private readonly FaqMatcher matcher;
    private readonly Dictionary<string, string> topics;

    private TopicIndex(FaqMatcher matcher, Dictionary<string, string> topics)
    {
        this.matcher = matcher;
        this.topics = topics;
    }

    public static TopicIndex Build(IReadOnlyList<KnowledgeEntry> entries, double minScore = QuestionTopics.MinScore) =>
        new(FaqMatcher.Build(entries, new FaqMatchThresholds(minScore, 0)),
            entries.Where(e => !string.IsNullOrWhiteSpace(e.Topic)).ToDictionary(e => e.Id, e => e.Topic, StringComparer.Ordinal));

    public string? Guess(string text, string? locale = null) =>
        matcher.Match(text, locale) is { Outcome: MatchOutcome.Answered, EntryId: { } id } && topics.TryGetValue(id, out var topic) ? topic : null;
}
