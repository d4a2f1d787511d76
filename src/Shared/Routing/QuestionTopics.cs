using System.Globalization;
using Dapper;
using Npgsql;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Routing;

/// <summary>A question's guessed topic and how it was found: <see cref="QuestionTopics.FromKnowledge"/> or <see cref="QuestionTopics.FromCorrection"/>.</summary>
public sealed record TopicGuess(string Topic, string Source);

/// <summary>
/// The topic of a question the knowledge base could not answer. First what tutors taught: a question of
/// the same module whose topic a tutor corrected on its page, worded like this one (<see cref="CorrectedQuestionIndex"/>),
/// gives its corrected topic. Else the topic of the knowledge base's closest entry, when that entry is close
/// enough (<see cref="MinScore"/>), though below the answer threshold. The seam to the FAQ matcher is its
/// public result only: a second matcher over the same entries whose thresholds are this floor and no
/// margin, so its "answer" is the closest entry.
/// </summary>
public sealed class QuestionTopics(FaqCatalog catalog, FaqStore store, TutorCorrections corrections)
{
    public const string FromKnowledge = "knowledge";
    public const string FromCorrection = "correction";

    /// <summary>Below this the closest entry shares a word or two with the question and says nothing of its topic.</summary>
    public const double MinScore = 0.3;

    private (FaqKnowledge Knowledge, TopicIndex Index)? cached;

    /// <param name="moduleId">The question's module when known: only its corrected questions teach (null: every module's).</param>
    public async Task<TopicGuess?> GuessAsync(string text, string? locale, string? moduleId, CancellationToken ct)
    {
        if (await corrections.TopicsAsync(ct) is { } learned
            && learned.Closest(text, q => moduleId is null || q.ModuleId == moduleId) is { Topic: { } corrected })
        {
            return new TopicGuess(corrected, FromCorrection);
        }

        var knowledge = await catalog.GetAsync(ct);
        var current = cached;
        if (current is not { } c || !ReferenceEquals(c.Knowledge, knowledge))
        {
            current = (knowledge, TopicIndex.Build(await store.LoadAllAsync(ct)));
            cached = current;
        }

        return current.Value.Index.Guess(text, locale) is { } topic ? new TopicGuess(topic, FromKnowledge) : null;
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
