using System.Text.Json;
using System.Text.Json.Nodes;
using Dapper;
using Npgsql;

namespace SupportBot.Shared.People;

/// <summary>
/// A learner's rights over their data (#7): export everything SupportBot holds about them as JSON,
/// and erase them. Erasure keeps questions for the statistics but anonymises them (no asker, text
/// replaced), unlinks their answers and FAQ queries, and deletes what identifies them.
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
    public async Task<JsonObject?> ExportAsync(string externalId, CancellationToken ct)
    {
        if (await FindAsync(externalId, ct) is not { } id)
        {
            return null;
        }

        await using var c = await db.OpenConnectionAsync(ct);
        var export = new JsonObject { ["exportedAt"] = clock.GetUtcNow().UtcDateTime, ["externalId"] = externalId };
        foreach (var (name, sql) in Sections)
        {
            var json = await c.ExecuteScalarAsync<string>(new CommandDefinition(
                $"SELECT COALESCE(json_agg(t), '[]')::text FROM ({sql}) t", new { id }, cancellationToken: ct));
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
        await c.ExecuteAsync(new CommandDefinition($"""
            UPDATE supportbot.questions SET asker_id = NULL, text = '{ErasedText}', details = NULL, conversation_reference_id = NULL WHERE asker_id = @id;
            UPDATE supportbot.answers SET author_id = NULL WHERE author_id = @id;
            UPDATE supportbot.faq_queries SET person_id = NULL, query = '{ErasedText}', conversation_reference_id = NULL WHERE person_id = @id;
            DELETE FROM supportbot.directline_conversations WHERE person_id = @id;
            DELETE FROM supportbot.conversation_references WHERE person_id = @id;
            DELETE FROM supportbot.teams_users WHERE person_id = @id;
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

    private static readonly (string Name, string Sql)[] Sections =
    [
        ("person", "SELECT external_id, display_name, email, locale, time_zone, created_at FROM supportbot.people WHERE id = @id"),
        ("enrolments", "SELECT module_id, cohort, enrolled_at FROM supportbot.enrolments WHERE person_id = @id"),
        ("volunteering", "SELECT topics, max_questions_week, quiet_from, quiet_until, paused_until, opted_in_at, opted_in_via, revoked_at FROM supportbot.volunteers WHERE person_id = @id"),
        ("emailPreferences", "SELECT category, opted_out_at FROM supportbot.email_preferences WHERE person_id = @id"),
        ("questions", "SELECT id, module_id, topic, language, text, details, status, created_at, answered_at, resolved_at FROM supportbot.questions WHERE asker_id = @id"),
        ("answersReceived", "SELECT a.question_id, a.text, a.via, a.created_at, a.helpful FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id WHERE q.asker_id = @id"),
        ("answersGiven", "SELECT question_id, text, via, created_at FROM supportbot.answers WHERE author_id = @id"),
        ("questionsReceived", "SELECT question_id, role, asked_at, answered_at FROM supportbot.question_recipients WHERE person_id = @id"),
        ("faqQueries", "SELECT language, query, outcome, entry_id, feedback, created_at FROM supportbot.faq_queries WHERE person_id = @id"),
        ("conversations", "SELECT channel_id, conversation_id, user_name, locale, time_zone, created_at, last_seen_at FROM supportbot.conversation_references WHERE person_id = @id"),
        ("studyAvailability", "SELECT slots, source_text, confirmed_at FROM supportbot.study_availability WHERE person_id = @id"),
        ("studyGroupOptIns", "SELECT module_id, group_size, language, opted_in_at, withdrawn_at FROM supportbot.study_group_optins WHERE person_id = @id"),
        ("studyGroupSignUpDraft", "SELECT purpose, step, module_id, group_size, language, slots, source_text, updated_at FROM supportbot.study_group_signup_drafts WHERE person_id = @id"),
        ("teamsAccounts", "SELECT aad_object_id, email, user_principal_name, looked_up_at, matched_at FROM supportbot.teams_users WHERE person_id = @id"),
        ("studyGroups", "SELECT g.module_id, g.language, g.status AS group_status, m.status, m.reminders, m.invited_at, m.responded_at, m.left_at FROM supportbot.study_group_members m JOIN supportbot.study_groups g ON g.id = m.group_id WHERE m.person_id = @id"),
        ("webChatMessages", "SELECT c.id AS conversation_id, a.activity->>'text' AS text, a.created_at FROM supportbot.directline_activities a JOIN supportbot.directline_conversations c ON c.id = a.conversation_id WHERE c.person_id = @id AND a.from_user"),
    ];

    public static string ToJson(JsonObject export) => export.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
}
