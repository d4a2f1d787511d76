using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace SupportBot.Shared.Faq;

/// <summary>
/// The knowledge-base file (the shape of demo/demo-kb.json): read with every error reported at once,
/// and written back in the same shape. Reading is all or nothing, so an import never half-applies a
/// broken file.
/// </summary>
public sealed record KnowledgeBaseFile(string? Name, IReadOnlyList<KnowledgeEntry> Entries)
{
    private static readonly string[] RootFields = ["name", "entries"];

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

        // A language the entry is not written in is left out, as a base in one language is written; a language half written
        // (questions without their answer) is written as it is, so that reading it back says what is missing.
        var (fr, en) = (entry.Questions.Fr.Count > 0 || entry.Answer.Has(FaqLanguages.French), entry.Questions.En.Count > 0 || entry.Answer.Has(FaqLanguages.English));
        writer.WriteStartObject("questions");
        if (fr)
        {
            WriteStrings(writer, FaqLanguages.French, entry.Questions.Fr);
        }

        if (en)
        {
            WriteStrings(writer, FaqLanguages.English, entry.Questions.En);
        }

        writer.WriteEndObject();
        writer.WriteStartObject("answer");
        if (entry.Answer.Has(FaqLanguages.French))
        {
            writer.WriteString(FaqLanguages.French, entry.Answer.Fr);
        }

        if (entry.Answer.Has(FaqLanguages.English))
        {
            writer.WriteString(FaqLanguages.English, entry.Answer.En);
        }

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
            var entry = new KnowledgeEntryReader(element, index, errors).Read();
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
}

/// <summary>Either a whole file or the full list of what is wrong with it, never both.</summary>
public sealed record KnowledgeBaseReadResult(KnowledgeBaseFile? File, IReadOnlyList<string> Errors)
{
    public bool IsValid => File is not null && Errors.Count == 0;

    internal static KnowledgeBaseReadResult Failed(IReadOnlyList<string> errors) => new(null, errors);
}
