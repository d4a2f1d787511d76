using System.Globalization;
using System.Text.Json;
using Dapper;
using Npgsql;

namespace SupportBot.Shared.Faq;

/// <summary>
/// Owns supportbot.knowledge_entries. Writes of several entries run in one transaction, so an import
/// either lands whole or not at all (a bad module id rolls back everything).
/// </summary>
public sealed class FaqStore(NpgsqlDataSource db)
{
    private const string Upsert = """
        INSERT INTO supportbot.knowledge_entries (id, topic, module_id, questions, answer, owner, last_reviewed, keywords, updated_at)
        VALUES (@Id, @Topic, @ModuleId, @Questions::jsonb, @Answer::jsonb, @Owner, @LastReviewed::date, @Keywords::jsonb, now())
        ON CONFLICT (id) DO UPDATE SET topic = excluded.topic, module_id = excluded.module_id, questions = excluded.questions,
            answer = excluded.answer, owner = excluded.owner, last_reviewed = excluded.last_reviewed, keywords = excluded.keywords, updated_at = now()
        """;

    /// <summary>Makes the table hold exactly <paramref name="entries"/>: others are deleted, all in one transaction.</summary>
    public async Task ReplaceAllAsync(IReadOnlyList<KnowledgeEntry> entries, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Upsert, entries.Select(Row.From), transaction, cancellationToken: ct));
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM supportbot.knowledge_entries WHERE NOT (id = ANY(@ids))",
            new { ids = entries.Select(e => e.Id).ToArray() }, transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>Adds or updates <paramref name="entries"/>, leaving the others alone, in one transaction.</summary>
    public async Task UpsertManyAsync(IReadOnlyList<KnowledgeEntry> entries, CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await connection.ExecuteAsync(new CommandDefinition(Upsert, entries.Select(Row.From), transaction, cancellationToken: ct));
        await transaction.CommitAsync(ct);
    }

    /// <summary>Inserts a new entry inside the caller's transaction; false when the id is taken.</summary>
    internal static async Task<bool> InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, KnowledgeEntry entry, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.knowledge_entries (id, topic, module_id, questions, answer, owner, last_reviewed, keywords, updated_at)
            VALUES (@Id, @Topic, @ModuleId, @Questions::jsonb, @Answer::jsonb, @Owner, @LastReviewed::date, @Keywords::jsonb, now())
            ON CONFLICT (id) DO NOTHING
            """, Row.From(entry), transaction, cancellationToken: ct)) == 1;

    /// <summary>
    /// Appends a question variant to an entry inside the caller's transaction, unless the entry already
    /// has it (whatever the case); false when the entry does not exist. The entry counts as changed either way (its
    /// updated_at, which FaqCatalog's version reads): a learned phrasing a tutor keeps is read as a question from then on.
    /// </summary>
    internal static async Task<bool> AddVariantAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string entryId, string language, string text, CancellationToken ct)
    {
        var found = await connection.QuerySingleOrDefaultAsync<bool?>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM jsonb_array_elements_text(questions -> @language) v WHERE lower(v) = lower(@text))
            FROM supportbot.knowledge_entries WHERE id = @entryId FOR UPDATE
            """, new { entryId, language, text }, transaction, cancellationToken: ct));
        if (found is null)
        {
            return false;
        }

        await connection.ExecuteAsync(new CommandDefinition(found == false
            ? """
              UPDATE supportbot.knowledge_entries
              SET questions = jsonb_set(questions, ARRAY[@language], coalesce(questions -> @language, '[]'::jsonb) || to_jsonb(@text::text)),
                  updated_at = now()
              WHERE id = @entryId
              """
            : "UPDATE supportbot.knowledge_entries SET updated_at = now() WHERE id = @entryId",
            new { entryId, language, text }, transaction, cancellationToken: ct));
        return true;
    }

    /// <summary>Takes a question variant out of its entry (any case); false when the entry is gone.</summary>
    internal static async Task<bool> RemoveVariantAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string entryId, string language, string text, CancellationToken ct) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.knowledge_entries
            SET questions = jsonb_set(questions, ARRAY[@language], coalesce(
                    (SELECT jsonb_agg(v) FROM jsonb_array_elements_text(questions -> @language) v WHERE lower(v) <> lower(@text)), '[]'::jsonb)),
                updated_at = now()
            WHERE id = @entryId
            """, new { entryId, language, text }, transaction, cancellationToken: ct)) > 0;

    public async Task<IReadOnlyList<KnowledgeEntry>> LoadAllAsync(CancellationToken ct)
    {
        await using var connection = await db.OpenConnectionAsync(ct);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition("""
            SELECT id AS Id, topic AS Topic, module_id AS ModuleId, questions::text AS Questions, answer::text AS Answer,
                   owner AS Owner, to_char(last_reviewed, 'YYYY-MM-DD') AS LastReviewed, keywords::text AS Keywords,
                   (SELECT coalesce(jsonb_agg(s.text ORDER BY s.id), '[]'::jsonb) FROM supportbot.faq_variant_suggestions s
                    WHERE s.entry_id = k.id AND s.status = 'learned')::text AS Learned
            FROM supportbot.knowledge_entries k
            ORDER BY id
            """, cancellationToken: ct));
        return rows.Select(r => r.ToEntry()).ToList();
    }

    /// <summary>
    /// The table's row: variants and answers travel as the jsonb documents {"fr": ..., "en": ...}, the date
    /// as ISO text, so neither depends on how Dapper maps jsonb or DateOnly.
    /// </summary>
    private sealed record Row(string Id, string Topic, string? ModuleId, string Questions, string Answer, string? Owner, string? LastReviewed, string Keywords, string Learned)
    {
        public static Row From(KnowledgeEntry entry) => new(
            entry.Id,
            entry.Topic,
            entry.Module,
            JsonSerializer.Serialize(new StoredQuestions(entry.Questions.Fr, entry.Questions.En)),
            JsonSerializer.Serialize(new StoredAnswer(entry.Answer.Fr, entry.Answer.En)),
            entry.Owner,
            entry.LastReviewed?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            JsonSerializer.Serialize(entry.KeywordList),
            Learned: "[]"); // which phrasings are learned is the suggestions' to say, never written from here

        public KnowledgeEntry ToEntry()
        {
            var questions = JsonSerializer.Deserialize<StoredQuestions>(Questions)
                ?? throw new InvalidDataException($"knowledge entry {Id}: questions is null");
            var answer = JsonSerializer.Deserialize<StoredAnswer>(Answer)
                ?? throw new InvalidDataException($"knowledge entry {Id}: answer is null");
            return new KnowledgeEntry(
                Id,
                Topic,
                new BilingualQuestions(questions.Fr ?? [], questions.En ?? []),
                new BilingualAnswer(answer.Fr ?? "", answer.En ?? ""),
                ModuleId,
                Owner,
                LastReviewed is { } reviewed ? DateOnly.ParseExact(reviewed, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null,
                JsonSerializer.Deserialize<string[]>(Keywords) is { Length: > 0 } keywords ? keywords : null,
                JsonSerializer.Deserialize<string[]>(Learned) is { Length: > 0 } learned ? learned : null);
        }
    }

    private sealed record StoredQuestions(
        [property: System.Text.Json.Serialization.JsonPropertyName("fr")] IReadOnlyList<string>? Fr,
        [property: System.Text.Json.Serialization.JsonPropertyName("en")] IReadOnlyList<string>? En);

    private sealed record StoredAnswer(
        [property: System.Text.Json.Serialization.JsonPropertyName("fr")] string? Fr,
        [property: System.Text.Json.Serialization.JsonPropertyName("en")] string? En);
}
