using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SupportBot.Shared.Faq;

/// <summary>
/// The knowledge-base file (the shape of demo/demo-kb.json): read with every error reported at once,
/// and written back in the same shape. Reading is all or nothing, so an import never half-applies a
/// broken file.
/// </summary>
public sealed partial record KnowledgeBaseFile(string? Name, IReadOnlyList<KnowledgeEntry> Entries)
{
    private static readonly string[] RootFields = ["name", "entries"];
    private static readonly string[] EntryFields = ["id", "topic", "module", "questions", "answer", "owner", "lastReviewed", "keywords"];
    private static readonly string[] Languages = [FaqLanguages.French, FaqLanguages.English];

    public static KnowledgeBaseReadResult Load(string path)
    {
        if (!File.Exists(path))
        {
            return KnowledgeBaseReadResult.Failed([$"{path}: file not found"]);
        }

        return Parse(File.ReadAllText(path, Encoding.UTF8));
    }

    public static KnowledgeBaseReadResult Parse(string json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return KnowledgeBaseReadResult.Failed([$"not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}): {ex.Message}"]);
        }

        using (document)
        {
            var errors = new List<string>();
            var file = Read(document.RootElement, errors);
            return errors.Count == 0 ? new KnowledgeBaseReadResult(file, []) : KnowledgeBaseReadResult.Failed(errors);
        }
    }

    /// <summary>What is wrong with <paramref name="entry"/> by the rules a file's entries follow; empty when nothing is.</summary>
    public static IReadOnlyList<string> Validate(KnowledgeEntry entry) => Parse(new KnowledgeBaseFile(null, [entry]).ToJson()).Errors;

    /// <summary>The same shape as the file read: name, then entries with their fields in file order; absent optional fields are left out.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = true,
            // The file is edited by people: keep accents and quotes readable, it is never embedded in HTML.
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }))
        {
            writer.WriteStartObject();
            if (Name is not null)
            {
                writer.WriteString("name", Name);
            }

            writer.WriteStartArray("entries");
            foreach (var entry in Entries)
            {
                WriteEntry(writer, entry);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static void WriteEntry(Utf8JsonWriter writer, KnowledgeEntry entry)
    {
        writer.WriteStartObject();
        writer.WriteString("id", entry.Id);
        writer.WriteString("topic", entry.Topic);
        if (entry.Module is not null)
        {
            writer.WriteString("module", entry.Module);
        }

        writer.WriteStartObject("questions");
        WriteStrings(writer, FaqLanguages.French, entry.Questions.Fr);
        WriteStrings(writer, FaqLanguages.English, entry.Questions.En);
        writer.WriteEndObject();
        writer.WriteStartObject("answer");
        writer.WriteString(FaqLanguages.French, entry.Answer.Fr);
        writer.WriteString(FaqLanguages.English, entry.Answer.En);
        writer.WriteEndObject();
        if (entry.Owner is not null)
        {
            writer.WriteString("owner", entry.Owner);
        }

        if (entry.LastReviewed is { } reviewed)
        {
            writer.WriteString("lastReviewed", reviewed.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        }

        if (entry.KeywordList.Count > 0)
        {
            WriteStrings(writer, "keywords", entry.KeywordList);
        }

        writer.WriteEndObject();
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }

    private static KnowledgeBaseFile? Read(JsonElement root, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add("the file must be a JSON object with an \"entries\" array");
            return null;
        }

        ReportUnknownRootFields(root, errors);
        string? name = null;
        if (root.TryGetProperty("name", out var nameElement) && nameElement.ValueKind != JsonValueKind.Null)
        {
            if (nameElement.ValueKind == JsonValueKind.String)
            {
                name = nameElement.GetString();
            }
            else
            {
                errors.Add("name must be a string");
            }
        }

        if (!root.TryGetProperty("entries", out var entriesElement))
        {
            errors.Add("entries is missing");
            return null;
        }

        if (entriesElement.ValueKind != JsonValueKind.Array)
        {
            errors.Add("entries must be an array");
            return null;
        }

        var entries = new List<KnowledgeEntry>();
        var firstIndexOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var element in entriesElement.EnumerateArray())
        {
            var entry = new EntryReader(element, index, errors).Read();
            if (entry is not null)
            {
                if (firstIndexOfId.TryGetValue(entry.Id, out var first))
                {
                    errors.Add($"entries[{index}] (id \"{entry.Id}\"): id duplicates entries[{first}]");
                }
                else
                {
                    firstIndexOfId.Add(entry.Id, index);
                    entries.Add(entry);
                }
            }

            index++;
        }

        return new KnowledgeBaseFile(name, entries);
    }

    private static void ReportUnknownRootFields(JsonElement root, List<string> errors)
    {
        foreach (var property in root.EnumerateObject())
        {
            if (Array.IndexOf(RootFields, property.Name) < 0)
            {
                errors.Add($"unknown field \"{property.Name}\" (expected \"name\" and \"entries\")");
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")]
    private static partial Regex IdPattern();

    /// <summary>Reads one entry, adding one error per broken field, each naming the entry and the field.</summary>
    private sealed class EntryReader(JsonElement element, int index, List<string> errors)
    {
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
            var questions = Questions();
            var answer = Answer();
            var keywords = element.TryGetProperty("keywords", out var list) && list.ValueKind != JsonValueKind.Null
                ? Strings(list, "keywords", required: false)
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
                Error($"{field} must be an object with \"fr\" and \"en\"");
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

        private BilingualQuestions? Questions()
        {
            if (RequiredObject("questions") is not { } questions)
            {
                return null;
            }

            var fr = Variants(questions, FaqLanguages.French);
            var en = Variants(questions, FaqLanguages.English);
            return fr is null || en is null ? null : new BilingualQuestions(fr, en);
        }

        private List<string>? Variants(JsonElement questions, string language)
        {
            var field = $"questions.{language}";
            if (!questions.TryGetProperty(language, out var array) || array.ValueKind == JsonValueKind.Null)
            {
                Error($"{field} is missing");
                return null;
            }

            return Strings(array, field, required: true);
        }

        /// <summary>A JSON array of non-empty strings, trimmed; one error per bad item; at least one item when <paramref name="required"/>.</summary>
        private List<string>? Strings(JsonElement array, string field, bool required)
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

            if (i == 0 && required)
            {
                Error($"{field} has no question (at least one is needed)");
                return null;
            }

            return ok ? variants : null;
        }

        private BilingualAnswer? Answer()
        {
            if (RequiredObject("answer") is not { } answer)
            {
                return null;
            }

            var fr = RequiredString(answer, FaqLanguages.French, $"answer.{FaqLanguages.French}");
            var en = RequiredString(answer, FaqLanguages.English, $"answer.{FaqLanguages.English}");
            return fr is null || en is null ? null : new BilingualAnswer(fr, en);
        }
    }
}

/// <summary>Either a whole file or the full list of what is wrong with it, never both.</summary>
public sealed record KnowledgeBaseReadResult(KnowledgeBaseFile? File, IReadOnlyList<string> Errors)
{
    public bool IsValid => File is not null && Errors.Count == 0;

    internal static KnowledgeBaseReadResult Failed(IReadOnlyList<string> errors) => new(null, errors);
}
