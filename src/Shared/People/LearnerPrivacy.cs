using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using SupportBot.Shared.Faq;

namespace SupportBot.Shared.People;

/// <summary>
/// A learner's rights over their data (#7): export everything SupportBot holds about them as JSON,
/// and erase them. Erasure keeps questions for the statistics but anonymises them (no asker, text
/// replaced), unlinks their answers and FAQ queries, and deletes what identifies them, in every
/// table (the erasure test lists them all: a new table must say how it is erased).
/// </summary>
public sealed class LearnerPrivacy(NpgsqlDataSource db, TimeProvider clock)
{
    public const string ErasedText = "[erased]";

    public async Task<Guid?> FindAsync(string externalId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<Guid?>(new CommandDefinition(
            "SELECT id FROM supportbot.people WHERE external_id = @externalId AND erased_at IS NULL", new { externalId }, cancellationToken: ct));
    }

    /// <summary>Every row about the learner, table by table; null when nobody has this id.</summary>
    public Task<JsonObject?> ExportAsync(string externalId, CancellationToken ct) => ExportAsync(externalId, null, ct);

    /// <summary>
    /// The learner's rows; with <paramref name="modules"/> (a module tutor's), only what belongs to
    /// those modules and who the learner is: a tutor of one module never sees what the learner
    /// did in another, nor their chats, schedule or accounts. Null = everything (admin, CLI).
    /// </summary>
    public async Task<JsonObject?> ExportAsync(string externalId, IReadOnlyCollection<string>? modules, CancellationToken ct)
    {
        if (await FindAsync(externalId, ct) is not { } id)
        {
            return null;
        }

        await using var c = await db.OpenConnectionAsync(ct);
        var export = new JsonObject { ["exportedAt"] = clock.GetUtcNow().UtcDateTime, ["externalId"] = externalId };
        if (modules is not null)
        {
            export["modules"] = new JsonArray([.. modules.Select(m => (JsonNode)m)]);
        }

        foreach (var (name, sql, scopedSql) in Sections)
        {
            var query = modules is null ? sql : scopedSql;
            if (query is null)
            {
                continue;
            }

            var json = await c.ExecuteScalarAsync<string>(new CommandDefinition(
                $"SELECT COALESCE(json_agg(t), '[]')::text FROM ({query}) t", new { id, modules = modules?.ToArray() }, cancellationToken: ct));
            export[name] = JsonNode.Parse(json!);
        }

        return export;
    }

    /// <summary>Erases the learner in one transaction; false when nobody (left) has this id.</summary>
    public async Task<bool> EraseAsync(string externalId, CancellationToken ct)
    {
        if (await FindAsync(externalId, ct) is not { } id)
        {
            return false;
        }

        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        // Phrasings learned from her own words leave their entries with her; those a tutor kept are the tutor's content.
        var learned = await c.QueryAsync<(string EntryId, string Language, string Text)>(new CommandDefinition("""
            SELECT entry_id, language, text FROM supportbot.faq_variant_suggestions
            WHERE status = 'learned' AND source_query_id IN (SELECT id FROM supportbot.faq_queries WHERE person_id = @id)
            """, new { id }, tx, cancellationToken: ct));
        foreach (var (entryId, language, text) in learned.ToList())
        {
            await FaqStore.RemoveVariantAsync(c, tx, entryId, language, text, ct);
        }

        // First what is found through her address and her texts (before they are anonymised below).
        await c.ExecuteAsync(new CommandDefinition($"""
            CREATE TEMP TABLE erased_texts ON COMMIT DROP AS
                SELECT query AS text FROM supportbot.faq_queries WHERE person_id = @id
                UNION SELECT text FROM supportbot.questions WHERE asker_id = @id
                UNION SELECT details FROM supportbot.questions WHERE asker_id = @id AND details IS NOT NULL;
            CREATE TEMP TABLE erased_recipients ON COMMIT DROP AS
                SELECT lower(email) AS recipient FROM supportbot.people WHERE id = @id
                UNION SELECT conversation_id FROM supportbot.conversation_references WHERE person_id = @id
                UNION SELECT id FROM supportbot.directline_conversations WHERE person_id = @id;
            UPDATE supportbot.send_log SET recipient = '{ErasedText}', detail = NULL
                WHERE lower(recipient) IN (SELECT recipient FROM erased_recipients) OR recipient IN (SELECT recipient FROM erased_recipients)
                   OR detail ILIKE '%' || (SELECT email FROM supportbot.people WHERE id = @id) || '%';
            UPDATE supportbot.inbound_mail SET from_address = NULL, detail = NULL
                WHERE lower(from_address) = (SELECT lower(email) FROM supportbot.people WHERE id = @id)
                   OR detail ILIKE '%' || (SELECT email FROM supportbot.people WHERE id = @id) || '%';
            DELETE FROM supportbot.held_replies WHERE lower(from_address) = (SELECT lower(email) FROM supportbot.people WHERE id = @id);
            DELETE FROM supportbot.email_bounces WHERE email = (SELECT lower(email) FROM supportbot.people WHERE id = @id);
            DELETE FROM supportbot.faq_variant_suggestions
                WHERE status IN ('pending', 'learned') AND source_query_id IN (SELECT id FROM supportbot.faq_queries WHERE person_id = @id);
            UPDATE supportbot.faq_variant_suggestions SET text = '{ErasedText}'
                WHERE source_query_id IN (SELECT id FROM supportbot.faq_queries WHERE person_id = @id);
            UPDATE supportbot.faq_miss_clusters c SET
                queries = ARRAY(SELECT CASE WHEN q IN (SELECT text FROM erased_texts) THEN '{ErasedText}' ELSE q END FROM unnest(c.queries) q),
                label = CASE WHEN c.label IN (SELECT text FROM erased_texts) THEN '{ErasedText}' ELSE c.label END
                WHERE c.label IN (SELECT text FROM erased_texts) OR EXISTS (SELECT 1 FROM unnest(c.queries) q WHERE q IN (SELECT text FROM erased_texts));
            """, new { id }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition($"""
            -- The question emails' stored copies (kept to strip quoted history from replies) carry the learner's words.
            UPDATE supportbot.question_recipients SET sent_texts = ARRAY[]::text[]
                WHERE question_id IN (SELECT id FROM supportbot.questions WHERE asker_id = @id);
            UPDATE supportbot.inbox_attempts SET from_address = NULL
                WHERE lower(from_address) = (SELECT lower(email) FROM supportbot.people WHERE id = @id);
            DELETE FROM supportbot.module_alumni WHERE person_id = @id;
            UPDATE supportbot.questions SET asker_id = NULL, text = '{ErasedText}', details = NULL, conversation_reference_id = NULL WHERE asker_id = @id;
            UPDATE supportbot.answers SET author_id = NULL WHERE author_id = @id;
            UPDATE supportbot.faq_queries SET person_id = NULL, query = '{ErasedText}', conversation_reference_id = NULL WHERE person_id = @id;
            DELETE FROM supportbot.directline_conversations WHERE person_id = @id;
            DELETE FROM supportbot.conversation_references WHERE person_id = @id;
            DELETE FROM supportbot.teams_users WHERE person_id = @id;
            DELETE FROM supportbot.tutor_oidc_identities WHERE person_id = @id;
            DELETE FROM supportbot.question_recipients WHERE person_id = @id;
            DELETE FROM supportbot.enrolments WHERE person_id = @id;
            DELETE FROM supportbot.volunteers WHERE person_id = @id;
            DELETE FROM supportbot.email_preferences WHERE person_id = @id;
            DELETE FROM supportbot.study_availability WHERE person_id = @id;
            DELETE FROM supportbot.study_group_optins WHERE person_id = @id;
            DELETE FROM supportbot.study_group_signup_drafts WHERE person_id = @id;
            DELETE FROM supportbot.study_group_members WHERE person_id = @id;
            UPDATE supportbot.people SET external_id = NULL, display_name = 'Erased learner', email = 'erased+' || id || '@invalid',
                erased_at = @now WHERE id = @id;
            """, new { id, now = clock.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return true;
    }

    /// <summary>Each section: its query for everything, and for a module tutor (filtered by @modules; null = not shown to them).</summary>
    private static readonly (string Name, string Sql, string? ScopedSql)[] Sections =
    [
        ("person", "SELECT external_id, display_name, email, locale, time_zone, created_at FROM supportbot.people WHERE id = @id",
            "SELECT external_id, display_name, email, locale, time_zone, created_at FROM supportbot.people WHERE id = @id"),
        ("enrolments", "SELECT module_id, cohort, enrolled_at FROM supportbot.enrolments WHERE person_id = @id",
            "SELECT module_id, cohort, enrolled_at FROM supportbot.enrolments WHERE person_id = @id AND module_id = ANY(@modules)"),
        ("volunteering", "SELECT topics, max_questions_week, quiet_from, quiet_until, paused_until, opted_in_at, opted_in_via, revoked_at FROM supportbot.volunteers WHERE person_id = @id", null),
        ("emailPreferences", "SELECT category, opted_out_at FROM supportbot.email_preferences WHERE person_id = @id", null),
        ("questions", "SELECT id, module_id, topic, language, text, details, status, created_at, answered_at, resolved_at FROM supportbot.questions WHERE asker_id = @id",
            "SELECT id, module_id, topic, language, text, details, status, created_at, answered_at, resolved_at FROM supportbot.questions WHERE asker_id = @id AND module_id = ANY(@modules)"),
        ("answersReceived", "SELECT a.question_id, a.text, a.via, a.created_at, a.helpful FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id WHERE q.asker_id = @id",
            "SELECT a.question_id, a.text, a.via, a.created_at, a.helpful FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id WHERE q.asker_id = @id AND q.module_id = ANY(@modules)"),
        ("answersGiven", "SELECT question_id, text, via, created_at FROM supportbot.answers WHERE author_id = @id",
            "SELECT a.question_id, a.text, a.via, a.created_at FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id WHERE a.author_id = @id AND q.module_id = ANY(@modules)"),
        ("questionsReceived", "SELECT question_id, role, asked_at, answered_at FROM supportbot.question_recipients WHERE person_id = @id",
            "SELECT r.question_id, r.role, r.asked_at, r.answered_at FROM supportbot.question_recipients r JOIN supportbot.questions q ON q.id = r.question_id WHERE r.person_id = @id AND q.module_id = ANY(@modules)"),
        ("faqQueries", "SELECT language, query, outcome, entry_id, feedback, created_at FROM supportbot.faq_queries WHERE person_id = @id", null),
        ("conversations", "SELECT channel_id, conversation_id, user_name, locale, time_zone, created_at, last_seen_at FROM supportbot.conversation_references WHERE person_id = @id", null),
        ("studyAvailability", "SELECT slots, source_text, confirmed_at FROM supportbot.study_availability WHERE person_id = @id", null),
        ("studyGroupOptIns", "SELECT module_id, group_size, language, opted_in_at, withdrawn_at FROM supportbot.study_group_optins WHERE person_id = @id",
            "SELECT module_id, group_size, language, opted_in_at, withdrawn_at FROM supportbot.study_group_optins WHERE person_id = @id AND module_id = ANY(@modules)"),
        ("studyGroupSignUpDraft", "SELECT purpose, step, module_id, group_size, language, slots, source_text, updated_at FROM supportbot.study_group_signup_drafts WHERE person_id = @id", null),
        ("teamsAccounts", "SELECT tenant_id, aad_object_id, email, user_principal_name, looked_up_at, matched_at FROM supportbot.teams_users WHERE person_id = @id", null),
        ("studyGroups", "SELECT g.module_id, g.language, g.status AS group_status, m.status, m.reminders, m.invited_at, m.responded_at, m.left_at FROM supportbot.study_group_members m JOIN supportbot.study_groups g ON g.id = m.group_id WHERE m.person_id = @id",
            "SELECT g.module_id, g.language, g.status AS group_status, m.status, m.reminders, m.invited_at, m.responded_at, m.left_at FROM supportbot.study_group_members m JOIN supportbot.study_groups g ON g.id = m.group_id WHERE m.person_id = @id AND g.module_id = ANY(@modules)"),
        ("webChatMessages", "SELECT c.id AS conversation_id, a.activity->>'text' AS text, a.created_at FROM supportbot.directline_activities a JOIN supportbot.directline_conversations c ON c.id = a.conversation_id WHERE c.person_id = @id AND a.from_user", null),
    ];

    public static string ToJson(JsonObject export) => export.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
