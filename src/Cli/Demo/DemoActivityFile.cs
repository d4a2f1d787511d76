using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Npgsql;
using SupportBot.Shared.Faq;
using SupportBot.Shared.Routing;

namespace SupportBot.Cli.Demo;

/// <summary>
/// demo/activity.json: some weeks of questions, peer and tutor answers, FAQ queries, suggested
/// variants and miss clusters, dated relative to the first load so every tutor page has something to
/// show. Loaded once: question ids derive from their keys, and a second run finds them and stops.
/// </summary>
internal sealed record DemoActivityFile(
    IReadOnlyList<DemoQuestion> Questions, IReadOnlyList<DemoFaqQuery> FaqQueries,
    IReadOnlyList<DemoSuggestion> Suggestions, IReadOnlyList<DemoMissCluster> MissClusters)
{
    public static DemoActivityFile Load(string path) =>
        JsonSerializer.Deserialize<DemoActivityFile>(File.ReadAllText(path), JsonSerializerOptions.Web)
        ?? throw new InvalidDataException($"{path}: empty file");

    /// <returns>The number of questions loaded; 0 when the activity was loaded before.</returns>
    public async Task<int> SeedAsync(NpgsqlDataSource db, DateTime now, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        if (Questions.Count == 0 || await c.ExecuteScalarAsync<bool>(new CommandDefinition(
            "SELECT EXISTS (SELECT 1 FROM supportbot.questions WHERE id = @id)", new { id = IdOf(Questions[0].Key) }, cancellationToken: ct)))
        {
            return 0;
        }

        await using var tx = await c.BeginTransactionAsync(ct);
        foreach (var q in Questions)
        {
            var id = IdOf(q.Key);
            var asked = now.AddDays(-q.DaysAgo).AddHours(-3);
            var firstAnswer = q.Answers.Count > 0 ? asked.AddHours(q.Answers[0].HoursAfter) : (DateTime?)null;
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO supportbot.questions (id, asker_id, module_id, topic, language, text, status, created_at, routed_at, answered_at, resolved_at, escalated_at, expired_at)
                SELECT @id, p.id, @Module, @Topic, @Language, @Text, @Status::text, @asked::timestamptz, @asked::timestamptz, @firstAnswer::timestamptz,
                       CASE WHEN @Status::text = 'resolved' THEN @firstAnswer::timestamptz END,
                       CASE WHEN @Status::text = 'escalated' THEN @asked::timestamptz + interval '2 days' END,
                       CASE WHEN @Status::text = 'expired' THEN @asked::timestamptz + interval '7 days' END
                FROM supportbot.people p WHERE p.external_id = @Asker
                """, new { id, q.Module, q.Topic, q.Language, q.Text, q.Status, asked, firstAnswer, q.Asker }, tx, cancellationToken: ct));
            foreach (var r in q.Recipients)
            {
                var answered = q.Answers.FirstOrDefault(a => a.Author == r.Person) is { } a ? asked.AddHours(a.HoursAfter) : (DateTime?)null;
                var recipient = await c.QuerySingleAsync<(Guid PersonId, string Email)>(new CommandDefinition("""
                    INSERT INTO supportbot.question_recipients (question_id, person_id, role, reply_token, asked_at, answered_at)
                    SELECT @id, p.id, @Role, @token, @asked, @answered FROM supportbot.people p WHERE p.external_id = @Person
                    RETURNING person_id, (SELECT email FROM supportbot.people WHERE id = person_id)
                    """, new { id, r.Role, token = "demo-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), asked, answered, r.Person }, tx, cancellationToken: ct));
                // The question email of the past was sent: without its send-log row, routing-resume
                // would take the question for one whose host died before sending, and email it now.
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO supportbot.send_log (key, channel, recipient, status, attempts, created_at, sent_at)
                    VALUES (@key, 'email', @Email, 'sent', 1, @asked, @asked) ON CONFLICT (key) DO NOTHING
                    """, new { key = RoutingSendKeys.Ask(id, recipient.PersonId, 0), recipient.Email, asked }, tx, cancellationToken: ct));
            }

            foreach (var a in q.Answers)
            {
                var at = asked.AddHours(a.HoursAfter);
                await c.ExecuteAsync(new CommandDefinition("""
                    INSERT INTO supportbot.answers (question_id, author_id, via, text, created_at, relayed_at, helpful)
                    SELECT @id, p.id, @via, @Text, @at, @at, @Helpful FROM supportbot.people p WHERE p.external_id = @Author
                    """, new { id, via = a.Via ?? "email", a.Text, at, a.Helpful, a.Author }, tx, cancellationToken: ct));
            }
        }

        foreach (var f in FaqQueries)
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO supportbot.faq_queries (person_id, language, query, outcome, entry_id, score, feedback, created_at)
                SELECT p.id, @Language, @Query, @Outcome::text, @Entry, CASE WHEN @Outcome::text = 'answered' THEN 0.8 ELSE 0.2 END, @Feedback, @at
                FROM supportbot.people p WHERE p.external_id = @Person
                """, new { f.Language, f.Query, f.Outcome, f.Entry, f.Feedback, at = now.AddDays(-f.DaysAgo).AddHours(-5), f.Person }, tx, cancellationToken: ct));
        }

        // Phrasings learned from use, as learners' picks and "this helped" leave them: in their entry, waiting for a tutor.
        foreach (var s in Suggestions)
        {
            var learned = await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO supportbot.faq_variant_suggestions (entry_id, language, text, times_helped, status)
                SELECT @Entry, @Language, @Text, @TimesHelped, 'learned' WHERE EXISTS (SELECT 1 FROM supportbot.knowledge_entries WHERE id = @Entry)
                ON CONFLICT DO NOTHING
                """, s, tx, cancellationToken: ct));
            if (learned > 0)
            {
                await FaqStore.AddVariantAsync(c, tx, s.Entry, s.Language, s.Text, ct);
            }
        }

        foreach (var m in MissClusters)
        {
            await c.ExecuteAsync(new CommandDefinition("""
                INSERT INTO supportbot.faq_miss_clusters (computed_for, label, language, queries, size)
                VALUES (@day, @Label, @Language, @Queries, @size)
                """, new { day = DateOnly.FromDateTime(now.AddDays(-m.DaysAgo)), m.Label, m.Language, Queries = m.Queries.ToArray(), size = m.Queries.Count }, tx, cancellationToken: ct));
        }

        await tx.CommitAsync(ct);
        return Questions.Count;
    }

    private static Guid IdOf(string key) => new(SHA256.HashData(Encoding.UTF8.GetBytes("supportbot-demo-activity:" + key)).AsSpan(0, 16));
}

internal sealed record DemoQuestion(
    string Key, string Asker, string Module, string Topic, string Language, string Text, int DaysAgo, string Status,
    IReadOnlyList<DemoRecipient> Recipients, IReadOnlyList<DemoAnswer> Answers);

internal sealed record DemoRecipient(string Person, string Role);

internal sealed record DemoAnswer(string Author, string Text, int HoursAfter, bool? Helpful, string? Via);

internal sealed record DemoFaqQuery(string Person, string Language, string Query, string Outcome, string? Entry, string? Feedback, int DaysAgo);

internal sealed record DemoSuggestion(string Entry, string Language, string Text, int TimesHelped);

internal sealed record DemoMissCluster(string Label, string Language, IReadOnlyList<string> Queries, int DaysAgo);
