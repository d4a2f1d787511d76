namespace SupportBot.Shared.Faq;

public enum MatchOutcome
{
    /// <summary>Nothing in the knowledge base fits well enough: hand the question to people.</summary>
    NoMatch,

    /// <summary>One entry fits, clearly ahead of the rest: <see cref="FaqMatch.EntryId"/> is set.</summary>
    Answered,

    /// <summary>Two entries fit about as well: ask "did you mean A or B?" with <see cref="FaqMatch.Alternatives"/>.</summary>
    Ambiguous,
}

/// <summary>
/// What the matcher decided for one question. <see cref="EntryId"/> is set only when it answers;
/// <see cref="Alternatives"/> holds the two candidates when ambiguous and is empty otherwise;
/// <see cref="Score"/> is the best entry's score in [0, 1] whatever the outcome; <see cref="Language"/>
/// is the learner's language ("fr" or "en"), from the locale when known, else guessed from the text.
/// </summary>
public sealed record FaqMatch(string? EntryId, double Score, IReadOnlyList<string> Alternatives, MatchOutcome Outcome, string Language)
{
    public static FaqMatch NoMatch(double score, string language) => new(null, score, [], MatchOutcome.NoMatch, language);
}

/// <summary>
/// The three bands. The matcher answers when the best score reaches <see cref="MinScore"/> and beats the
/// second entry by <see cref="MinMargin"/>; without that margin, or when the best score only reaches
/// <see cref="SuggestScore"/>, it asks "did you mean" with the best entries as buttons (and "none of these",
/// which offers peers); below, it offers peers at once. A wrong confident answer costs more than a question
/// passed on to people, so the answer band errs on the side of abstaining. A null
/// <see cref="SuggestScore"/> leaves the did-you-mean band to close calls between two good entries.
/// With meanings read, <see cref="AnswerFrom"/> is the chance of being right from which the learned band answers
/// (<see cref="AnswerConfidence"/>; <see cref="FaqEmbeddingOptions.AnswerFrom"/>).
/// </summary>
public sealed record FaqMatchThresholds(double MinScore, double MinMargin, double? SuggestScore = null, double AnswerFrom = AnswerConfidence.AnswerFrom)
{
    /// <summary>
    /// Answer band calibrated on the development queries and a second set of hand-written paraphrases:
    /// out-of-scope questions sharing one word with the knowledge base peak near 0.42, right answers start
    /// near 0.49, so 0.45 sits between them; right answers lead the runner-up by 0.14 or more, while
    /// questions two entries fit equally ("certificat") differ by less than 0.1. The did-you-mean band's
    /// floor, 0.3, is calibrated on the public StackFAQ set (bench/faq/public): of its questions scoring
    /// between 0.3 and 0.45, half have the right entry among the two offered; below 0.3, fewer than one in six.
    /// </summary>
    public static FaqMatchThresholds Default { get; } = new(0.45, 0.1, 0.3);
}
