using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Bot.Tutor.Knowledge;

/// <summary>The fields a tutor fills for a knowledge entry, shared by the New and Edit pages.</summary>
internal abstract class KnowledgeFormModel : TutorPageModel
{
    [BindProperty, Required, StringLength(60)]
    public string Topic { get; set; } = "";

    /// <summary>One phrasing per line.</summary>
    [BindProperty, StringLength(20000)]
    public string? QuestionsFr { get; set; } = "";

    [BindProperty, StringLength(20000)]
    public string? QuestionsEn { get; set; } = "";

    /// <summary>Empty, with no French phrasing, for an entry written in English only.</summary>
    [BindProperty, StringLength(8000)]
    public string? AnswerFr { get; set; } = "";

    [BindProperty, StringLength(8000)]
    public string? AnswerEn { get; set; } = "";

    /// <summary>
    /// The words this course's learners use for the entry that no phrasing says (a tool's name, the course's jargon), separated
    /// by commas: the matcher reads them as phrasings of the entry. What is general goes in the matcher's vocabulary instead.
    /// </summary>
    [BindProperty, StringLength(2000)]
    public string? Keywords { get; set; }

    /// <summary>The phrasings of a text area: trimmed, without blanks or repeats.</summary>
    protected static List<string> Lines(string? text) =>
        [.. (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];

    /// <summary>
    /// A language written by half (phrasings without their answer, or an answer without phrasings), said in the tutor's
    /// language before the file rules' own message; null when each language is whole or empty.
    /// </summary>
    protected string? HalfWrittenLanguage(IReadOnlyList<string> fr, IReadOnlyList<string> en) =>
        Half(fr.Count > 0, !string.IsNullOrWhiteSpace(AnswerFr), T("en français", "in French"))
        ?? Half(en.Count > 0, !string.IsNullOrWhiteSpace(AnswerEn), T("en anglais", "in English"));

    private string? Half(bool phrasings, bool answer, string language) => (phrasings, answer) switch
    {
        (true, false) => T($"Il manque la réponse {language} : la fiche a des formulations {language}.", $"The answer {language} is missing: the entry has phrasings {language}."),
        (false, true) => T($"Il manque les formulations {language} : la fiche a une réponse {language}.", $"The phrasings {language} are missing: the entry has an answer {language}."),
        _ => null,
    };

    /// <summary>The keywords of the field (commas or lines between them), null when there are none, as the file reader gives them.</summary>
    protected static List<string>? KeywordList(string? text)
    {
        List<string> keywords = [.. (text ?? "").Split([',', '\n']).Select(k => k.Trim()).Where(k => k.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase)];
        return keywords.Count > 0 ? keywords : null;
    }
}
