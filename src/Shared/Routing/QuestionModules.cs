using System.Globalization;
using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Routing;

/// <summary>How a question's module was found (supportbot.questions.module_source).</summary>
public static class ModuleSources
{
    /// <summary>The signed link opened the chat from this module's page.</summary>
    public const string Link = "link";

    /// <summary>The Teams team or channel is configured for this module (Routing:TeamsModules).</summary>
    public const string Teams = "teams";

    /// <summary>The learner is enrolled in this module only.</summary>
    public const string Enrolment = "enrolment";

    /// <summary>The question names it ("module 2", "M2", the title, a known word).</summary>
    public const string Text = "text";

    /// <summary>The learner picked it from the module buttons.</summary>
    public const string Learner = "learner";

    /// <summary>A tutor corrected it on the question page.</summary>
    public const string Tutor = "tutor";

    /// <summary>A tutor moved a question worded like it to this module (<see cref="Tutor"/> on that one).</summary>
    public const string Correction = "correction";
}

/// <summary>What is known about the module of a new question.</summary>
/// <param name="Module">The module; null when it must be asked (<see cref="Choices"/>) or the learner has none.</param>
/// <param name="Choices">The learner's modules, for the buttons when <see cref="Module"/> is null.</param>
public sealed record ModuleResolution(LearnerModule? Module, string? Source, IReadOnlyList<LearnerModule> Choices)
{
    /// <summary>The learner is enrolled nowhere: the question goes to the course admins.</summary>
    public bool NoModule => Module is null && Choices.Count == 0;

    public bool MustAsk => Module is null && Choices.Count > 0;
}

/// <summary>
/// Finds the module of a question (#14) among the learner's enrolments: one is that one; of several,
/// the one the text names, else the module a tutor moved a question worded like it to
/// (<see cref="CorrectedQuestionIndex"/>, among the learner's modules), else the context the learner
/// came with (the signed link's module, the Teams team or channel when configured); otherwise the
/// learner is asked. Also remembers the link's module for the conversation and records what the
/// learner or a tutor chose.
/// </summary>
public sealed class QuestionModules(NpgsqlDataSource db, IOptions<RoutingOptions> options, TutorCorrections corrections)
{
    public async Task<IReadOnlyList<LearnerModule>> ListForLearnerAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<ModuleRow>(new CommandDefinition("""
            SELECT m.id AS Id, m.title AS Title, m.keywords AS Keywords
            FROM supportbot.enrolments e JOIN supportbot.modules m ON m.id = e.module_id
            WHERE e.person_id = @personId ORDER BY m.title, m.id
            """, new { personId }, cancellationToken: ct))).Select(r => new LearnerModule(r.Id, r.Title, r.Keywords)).ToList();
    }

    /// <param name="contextModuleId">The module of the link or Teams channel the learner wrote from; null when none.</param>
    public async Task<ModuleResolution> ResolveAsync(Guid personId, string? contextModuleId, string? contextSource, string text, CancellationToken ct)
    {
        var modules = await ListForLearnerAsync(personId, ct);
        if (modules.Count == 1)
        {
            return new ModuleResolution(modules[0], ModuleSources.Enrolment, modules);
        }

        // What the learner wrote beats the page they wrote from: Hugo opens the chat from Module 1's
        // page and asks about his Module 2 spreadsheet ("RECHERCHEV", "dans le module 2"). A tutor's
        // correction of a question worded like it is read from the text too, so it comes before the page.
        if (ModuleFromText.Find(text, modules) is { } named)
        {
            return new ModuleResolution(named, ModuleSources.Text, modules);
        }

        if (await corrections.ModulesAsync(ct) is { } learned
            && learned.Closest(text, q => modules.Any(m => m.Id == q.ModuleId)) is { ModuleId: { } corrected })
        {
            return new ModuleResolution(modules.First(m => m.Id == corrected), ModuleSources.Correction, modules);
        }

        return contextModuleId is not null && modules.FirstOrDefault(m => m.Id == contextModuleId) is { } fromContext
            ? new ModuleResolution(fromContext, contextSource, modules)
            : new ModuleResolution(null, null, modules);
    }

    /// <summary>
    /// The module of the page the signed link came from: its "course" claim names a module (or a
    /// course with a single module). Kept on the web chat conversation; cleared when the link names none.
    /// </summary>
    public async Task RememberLinkModuleAsync(string conversationId, string? courseOrModule, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.directline_conversations SET module_id = (
                SELECT m.id FROM supportbot.modules m WHERE m.id = @courseOrModule
                UNION ALL
                SELECT min(m.id) FROM supportbot.modules m WHERE m.course_id = @courseOrModule HAVING count(*) = 1
                LIMIT 1)
            WHERE id = @conversationId
            """, new { conversationId, courseOrModule }, cancellationToken: ct));
    }

    public async Task<string?> FindLinkModuleAsync(string conversationId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<string?>(new CommandDefinition(
            "SELECT module_id FROM supportbot.directline_conversations WHERE id = @conversationId", new { conversationId }, cancellationToken: ct));
    }

    /// <summary>The module configured for a Teams channel or team (Routing:TeamsModules), channel first.</summary>
    public string? TeamsModule(string? teamId, string? channelId)
    {
        var map = options.Value.TeamsModules;
        return map.FirstOrDefault(m => channelId is not null && m.Id == channelId)?.Module
            ?? map.FirstOrDefault(m => teamId is not null && m.Id == teamId)?.Module;
    }

    public async Task<LearnerModule?> FindAsync(string moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<ModuleRow>(new CommandDefinition(
            "SELECT id AS Id, title AS Title, keywords AS Keywords FROM supportbot.modules WHERE id = @moduleId", new { moduleId }, cancellationToken: ct));
        return row is null ? null : new LearnerModule(row.Id, row.Title, row.Keywords);
    }

    private sealed class ModuleRow
    {
        public string Id { get; set; } = "";

        public string Title { get; set; } = "";

        public string[] Keywords { get; set; } = [];
    }
}
