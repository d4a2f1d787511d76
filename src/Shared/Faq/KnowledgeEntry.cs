namespace SupportBot.Shared.Faq;

/// <summary>
/// One knowledge-base entry: the ways learners ask a question (per language) and the answer to give.
/// Every variant is used for matching, whatever the learner's language, since learners mix them.
/// <see cref="Keywords"/> are the words a course's learners use for this entry that no variant says
/// (a tool's local name, an acronym of the institution): the tutors' own vocabulary, in either language.
/// </summary>
public sealed record KnowledgeEntry(
    string Id,
    string Topic,
    BilingualQuestions Questions,
    BilingualAnswer Answer,
    string? Module = null,
    string? Owner = null,
    DateOnly? LastReviewed = null,
    IReadOnlyList<string>? Keywords = null,
    IReadOnlyList<string>? Learned = null)
{
    /// <summary>The keywords, empty when the entry has none.</summary>
    public IReadOnlyList<string> KeywordList => Keywords ?? [];

    /// <summary>
    /// Which of <see cref="Questions"/> were learned from use (a learner's pick or "this helped") and not kept by a tutor
    /// yet: the matcher reads them as memory of what learners asked, not as the entry's own questions (FaqMatcher).
    /// </summary>
    public IReadOnlyList<string> LearnedList => Learned ?? [];
}

/// <summary>The phrasings of one question, in French and in English.</summary>
public sealed record BilingualQuestions(IReadOnlyList<string> Fr, IReadOnlyList<string> En)
{
    public IEnumerable<(string Language, string Text)> All() =>
        Fr.Select(q => (FaqLanguages.French, q)).Concat(En.Select(q => (FaqLanguages.English, q)));
}

/// <summary>The answer in French and in English; one of them is empty in a base written in one language.</summary>
public sealed record BilingualAnswer(string Fr, string En)
{
    /// <summary>The answer in <paramref name="language"/>, else in the language the entry is written in.</summary>
    public string In(string language) => Has(language) ? Exactly(language) : Exactly(language == FaqLanguages.English ? FaqLanguages.French : FaqLanguages.English);

    public bool Has(string language) => !string.IsNullOrWhiteSpace(Exactly(language));

    private string Exactly(string language) => language == FaqLanguages.English ? En : Fr;
}

/// <summary>The two languages of the knowledge base, as the codes used in files and results.</summary>
public static class FaqLanguages
{
    public const string French = "fr";
    public const string English = "en";

    /// <summary>"fr-FR", "EN", "en_GB" → "fr" / "en"; anything else → null.</summary>
    public static string? Normalize(string? locale)
    {
        if (string.IsNullOrWhiteSpace(locale) || locale.Length < 2)
        {
            return null;
        }

        return locale.AsSpan(0, 2) switch
        {
            "fr" or "FR" or "Fr" => French,
            "en" or "EN" or "En" => English,
            _ => null,
        };
    }
}
