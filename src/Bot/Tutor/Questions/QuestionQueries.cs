using Dapper;
using Npgsql;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Tutor.Questions;

internal sealed record QuestionRow(
    Guid Id, string? ModuleId, string? ModuleTitle, string? Topic, string Language, string Text, string Status, string? AskerName,
    DateTime CreatedAt, DateTime? AnsweredAt, int Answers, int Recipients);

internal sealed record AnswerRow(Guid Id, Guid? AuthorId, string? AuthorName, string Via, string Text, DateTime CreatedAt, DateTime? RelayedAt, bool? Helpful);

internal sealed record RecipientRow(Guid PersonId, string Name, string Role, DateTime AskedAt, DateTime? AnsweredAt);

/// <summary>An answer a tutor may promote into the knowledge base, with the question it replied to.</summary>
internal sealed record PromotableAnswer(Guid AnswerId, Guid QuestionId, string? ModuleId, string? Topic, string Language, string QuestionText, string AnswerText);

internal sealed record ModuleChoice(string Id, string Title);

internal sealed record QuestionDetail(QuestionRow Question, string? Details, IReadOnlyList<AnswerRow> Answers, IReadOnlyList<RecipientRow> Recipients);

/// <summary>The questions screen's read model (QuestionStore has no listing): scoped by module, filtered by state.</summary>
internal sealed class QuestionQueries(NpgsqlDataSource db)
{
    /// <summary>The lists of the screen, each a set of question states.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Lists = new Dictionary<string, string[]>
    {
        ["open"] = ["new", "routed"],
        ["escalated"] = ["escalated"],
        ["answered"] = ["answered", "resolved"],
        ["expired"] = ["expired"],
        ["all"] = ["new", "routed", "escalated", "answered", "resolved", "expired", "cancelled"],
    };

    private const string Select = """
        SELECT q.id AS Id, q.module_id AS ModuleId, m.title AS ModuleTitle, q.topic AS Topic, q.language AS Language, q.text AS Text, q.status AS Status,
               p.display_name AS AskerName, q.created_at AS CreatedAt, q.answered_at AS AnsweredAt,
               (SELECT count(*)::int FROM supportbot.answers a WHERE a.question_id = q.id) AS Answers,
               (SELECT count(*)::int FROM supportbot.question_recipients r WHERE r.question_id = q.id) AS Recipients
        FROM supportbot.questions q
        LEFT JOIN supportbot.people p ON p.id = q.asker_id
        LEFT JOIN supportbot.modules m ON m.id = q.module_id
        """;

    /// <summary>The list's columns a tutor may sort by, newest questions first by default.</summary>
    public static readonly TutorList<QuestionRow> Sorting = new("", "asked", defaultDescending: true,
        [("question", q => q.Text), ("module", q => q.ModuleTitle), ("learner", q => q.AskerName), ("asked", q => q.CreatedAt), ("answers", q => q.Answers)],
        descendingFirst: ["asked", "answers"]);

    // The same columns in SQL: the list grows with every course run, so the page is cut by the query.
    private static readonly Dictionary<string, string> OrderBy = new(StringComparer.Ordinal)
    {
        ["question"] = "q.text",
        ["module"] = "m.title",
        ["learner"] = "p.display_name",
        ["asked"] = "q.created_at",
        ["answers"] = "Answers",
    };

    public async Task<ListPage<QuestionRow>> ListAsync(TutorScope scope, string list, string? module, string? search, ListRequest page, CancellationToken ct)
    {
        var states = Lists.GetValueOrDefault(list) ?? Lists["open"];
        var where = $"""
             WHERE {TutorScope.Filter("q.module_id")} AND q.status = ANY(@states)
              AND (@module::text IS NULL OR q.module_id = @module)
              AND (@search::text IS NULL OR q.text ILIKE '%' || @search || '%' OR q.topic ILIKE '%' || @search || '%')
            """;
        var parameters = scope.Parameters(new { states, module = Blank(module), search = Blank(search), limit = page.PageSize, offset = page.Offset });
        await using var c = await db.OpenConnectionAsync(ct);
        var total = await c.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM supportbot.questions q" + where, parameters, cancellationToken: ct));
        if (page.Offset >= total && page.Page > 1)
        {
            // A page past the end (the list shrank since the link was made): the last one.
            page = page with { Page = Math.Max(1, (total + page.PageSize - 1) / page.PageSize) };
            parameters = scope.Parameters(new { states, module = Blank(module), search = Blank(search), limit = page.PageSize, offset = page.Offset });
        }

        var rows = await c.QueryAsync<QuestionRow>(new CommandDefinition(Select + where + $"""
            ORDER BY {OrderBy[page.Sort]} {(page.Descending ? "DESC" : "ASC")} NULLS LAST, q.created_at DESC, q.id
            LIMIT @limit OFFSET @offset
            """, parameters, cancellationToken: ct));
        return Sorting.PageOf([.. rows], total, page);
    }

    /// <summary>How many questions each list holds for this tutor, with the same module and search filters: the tabs show it.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CountsAsync(TutorScope scope, string? module, string? search, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var byState = (await c.QueryAsync<(string Status, int Count)>(new CommandDefinition($"""
            SELECT q.status, count(*)::int FROM supportbot.questions q
             WHERE {TutorScope.Filter("q.module_id")}
              AND (@module::text IS NULL OR q.module_id = @module)
              AND (@search::text IS NULL OR q.text ILIKE '%' || @search || '%' OR q.topic ILIKE '%' || @search || '%')
             GROUP BY q.status
            """, scope.Parameters(new { module = Blank(module), search = Blank(search) }), cancellationToken: ct))).ToDictionary(r => r.Status, r => r.Count);
        return Lists.ToDictionary(l => l.Key, l => l.Value.Sum(state => byState.GetValueOrDefault(state)));
    }

    /// <summary>The modules a tutor may move a question to: their own (admins: every module).</summary>
    public async Task<IReadOnlyList<ModuleChoice>> ModuleChoicesAsync(TutorScope scope, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return [.. await c.QueryAsync<ModuleChoice>(new CommandDefinition($"""
            SELECT m.id AS Id, m.title AS Title FROM supportbot.modules m WHERE {TutorScope.Filter("m.id")} ORDER BY m.title
            """, scope.Parameters(), cancellationToken: ct))];
    }

    /// <summary>Null when the question does not exist or lies outside the tutor's modules.</summary>
    public async Task<QuestionDetail?> FindAsync(TutorScope scope, Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var question = await c.QuerySingleOrDefaultAsync<QuestionRow>(new CommandDefinition(
            Select + $" WHERE q.id = @id AND {TutorScope.Filter("q.module_id")}", scope.Parameters(new { id }), cancellationToken: ct));
        if (question is null)
        {
            return null;
        }

        var details = await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT details FROM supportbot.questions WHERE id = @id", new { id }, cancellationToken: ct));
        var answers = await c.QueryAsync<AnswerRow>(new CommandDefinition("""
            SELECT a.id AS Id, a.author_id AS AuthorId, p.display_name AS AuthorName, a.via AS Via, a.text AS Text, a.created_at AS CreatedAt,
                   a.relayed_at AS RelayedAt, a.helpful AS Helpful
            FROM supportbot.answers a LEFT JOIN supportbot.people p ON p.id = a.author_id
            WHERE a.question_id = @id ORDER BY a.created_at
            """, new { id }, cancellationToken: ct));
        var recipients = await c.QueryAsync<RecipientRow>(new CommandDefinition("""
            SELECT r.person_id AS PersonId, p.display_name AS Name, r.role AS Role, r.asked_at AS AskedAt, r.answered_at AS AnsweredAt
            FROM supportbot.question_recipients r JOIN supportbot.people p ON p.id = r.person_id
            WHERE r.question_id = @id ORDER BY r.asked_at
            """, new { id }, cancellationToken: ct));
        return new QuestionDetail(question, details, [.. answers], [.. recipients]);
    }

    /// <summary>Null when the answer does not exist or its question lies outside the tutor's modules.</summary>
    public async Task<PromotableAnswer?> FindAnswerAsync(TutorScope scope, Guid answerId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.QuerySingleOrDefaultAsync<PromotableAnswer>(new CommandDefinition($"""
            SELECT a.id AS AnswerId, q.id AS QuestionId, q.module_id AS ModuleId, q.topic AS Topic, q.language AS Language,
                   q.text AS QuestionText, a.text AS AnswerText
            FROM supportbot.answers a JOIN supportbot.questions q ON q.id = a.question_id
            WHERE a.id = @answerId AND {TutorScope.Filter("q.module_id")}
            """, scope.Parameters(new { answerId }), cancellationToken: ct));
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
