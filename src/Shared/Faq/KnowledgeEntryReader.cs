using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupportBot.Shared.Faq;

/// <summary>Reads one entry, adding one error per broken field, each naming the entry and the field.</summary>
internal sealed partial class KnowledgeEntryReader(JsonElement element, int index, List<string> errors)
{
    private static readonly string[] EntryFields = ["id", "topic", "module", "questions", "answer", "owner", "lastReviewed", "keywords"];
    private static readonly string[] Languages = [FaqLanguages.French, FaqLanguages.English];

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();

    private string where = $"entries[{index}]";

    public KnowledgeEntry? Read()
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{where}: must be an object");
            return null;
        }

        var errorsBefore = errors.Count;
        var id = RequiredString("id");
        if (id is not null)
        {
            where = $"entries[{index}] (id \"{id}\")";
            if (!IdPattern().IsMatch(id))
            {
                Error("id must be letters, digits, '.', '_' or '-' (at most 100, no spaces)");
            }
        }

        foreach (var property in element.EnumerateObject())
        {
            if (Array.IndexOf(EntryFields, property.Name) < 0)
            {
                Error($"unknown field \"{property.Name}\"");
            }
        }

        var topic = RequiredString("topic");
        var module = OptionalString("module");
        var owner = OptionalString("owner");
        var lastReviewed = OptionalDate("lastReviewed");
        var (questions, answer) = QuestionsAndAnswer();
        var keywords = element.TryGetProperty("keywords", out var list) && list.ValueKind != JsonValueKind.Null
            ? Strings(list, "keywords")
            : [];
        return errors.Count == errorsBefore
            ? new KnowledgeEntry(id!, topic!, questions!, answer!, module, owner, lastReviewed, keywords!.Count > 0 ? keywords : null)
            : null;
    }

    private void Error(string message) => errors.Add($"{where}: {message}");

    private string? RequiredString(string field) => RequiredString(element, field, field);

    private string? RequiredString(JsonElement parent, string property, string field)
    {
        if (!parent.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Error($"{field} is missing");
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error($"{field} must be a string");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            Error($"{field} is empty");
            return null;
        }

        return text;
    }

    private string? OptionalString(string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            Error($"{field} must be a non-empty string or null");
            return null;
        }

        return value.GetString()!.Trim();
    }

    private DateOnly? OptionalDate(string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error($"{field} must be a date written yyyy-MM-dd");
        return null;
    }

    private JsonElement? RequiredObject(string field)
    {
        if (!element.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Error($"{field} is missing");
            return null;
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            Error($"{field} must be an object with \"fr\", \"en\" or both");
            return null;
        }

        foreach (var property in value.EnumerateObject())
        {
            if (Array.IndexOf(Languages, property.Name) < 0)
            {
                Error($"{field}.{property.Name} is not a supported language (fr, en)");
            }
        }

        return value;
    }

    /// <summary>
    /// The entry's questions and answer, read together: a language is optional (a French university's base may be French
    /// only), but a language that has questions needs its answer and the other way round, and one language is needed.
    /// </summary>
    private (BilingualQuestions? Questions, BilingualAnswer? Answer) QuestionsAndAnswer()
    {
        var questions = RequiredObject("questions");
        var answer = RequiredObject("answer");
        if (questions is not { } q || answer is not { } a)
        {
            return (null, null);
        }

        var errorsBefore = errors.Count;
        var (fr, frAnswer) = (Variants(q, FaqLanguages.French), AnswerIn(a, FaqLanguages.French));
        var (en, enAnswer) = (Variants(q, FaqLanguages.English), AnswerIn(a, FaqLanguages.English));
        if (errors.Count > errorsBefore)
        {
            return (null, null);
        }

        Paired(fr!, frAnswer, FaqLanguages.French, "French");
        Paired(en!, enAnswer, FaqLanguages.English, "English");
        if (fr!.Count == 0 && en!.Count == 0 && frAnswer is null && enAnswer is null)
        {
            Error("questions and answer are empty: write them in French (fr), English (en) or both");
        }

        return errors.Count > errorsBefore ? (null, null) : (new BilingualQuestions(fr, en!), new BilingualAnswer(frAnswer ?? "", enAnswer ?? ""));
    }

    private void Paired(List<string> variants, string? answer, string language, string name)
    {
        if (variants.Count > 0 && answer is null)
        {
            Error($"answer.{language} is missing: the entry has questions in {name}");
        }
        else if (variants.Count == 0 && answer is not null)
        {
            Error($"questions.{language} is missing: the entry has an answer in {name}");
        }
    }

    /// <summary>The language's phrasings; empty when the language is left out (absent, null or []).</summary>
    private List<string>? Variants(JsonElement questions, string language) =>
        !questions.TryGetProperty(language, out var array) || array.ValueKind == JsonValueKind.Null
            ? []
            : Strings(array, $"questions.{language}");

    /// <summary>The language's answer; null when the language is left out (absent or null).</summary>
    private string? AnswerIn(JsonElement answer, string language) =>
        !answer.TryGetProperty(language, out var value) || value.ValueKind == JsonValueKind.Null
            ? null
            : RequiredString(answer, language, $"answer.{language}");

    /// <summary>A JSON array of non-empty strings, trimmed; one error per bad item; empty when the array is.</summary>
    private List<string>? Strings(JsonElement array, string field)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            Error($"{field} must be an array of strings");
            return null;
        }

        var variants = new List<string>();
        var ok = true;
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Error($"{field}[{i}] must be a string");
                ok = false;
            }
            else if (string.IsNullOrWhiteSpace(item.GetString()))
            {
                Error($"{field}[{i}] is empty");
                ok = false;
            }
            else
            {
                variants.Add(item.GetString()!.Trim());
            }

            i++;
        }

        return ok ? variants : null;
    }
}
