using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Tutor.Campaigns;
using SupportBot.Bot.Tutor.Insights;
using SupportBot.Bot.Tutor.Learners;
using SupportBot.Bot.Tutor.Network;
using SupportBot.Bot.Tutor.Questions;
using SupportBot.Bot.Tutor.Silences;
using SupportBot.Shared.Routing;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Tutor;

internal sealed record AnswerRequest(string? Text);

/// <summary>/api/tutor/*: the same read models as the pages, for scripts and the pages' charts; the Tutor policy once on the group.</summary>
internal static class TutorApi
{
    public static IEndpointRouteBuilder MapTutorApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tutor").RequireAuthorization(TutorClaims.TutorPolicy).WithTags("Tutor");
        api.MapGet("/modules", (TutorScope scope, TutorModules modules, CancellationToken ct) => ListModulesAsync(scope, modules, ct));
        api.MapGet("/questions", ListQuestionsAsync);
        api.MapGet("/questions/{id:guid}", GetQuestionAsync);
        api.MapPost("/questions/{id:guid}/answers", AnswerAsync);
        api.MapGet("/network", NetworkAsync);
        api.MapGet("/silences", SilencesAsync);
        api.MapGet("/insights", async (TutorScope scope, InsightQueries insights, string? module, int? weeks, CancellationToken ct) =>
            module is not null && !scope.Allows(module)
                ? (IResult)TypedResults.Problem("You do not tutor this module.", statusCode: StatusCodes.Status403Forbidden)
                : TypedResults.Ok(await insights.BuildAsync(scope, module, weeks ?? 8, ct)));
        api.MapGet("/learners/{externalId}/export", ExportAsync);
        api.MapCampaignsApi();
        return app;
    }

    private static async Task<Results<Ok<HelpGraph>, ProblemHttpResult>> NetworkAsync(
        TutorScope scope, HelpNetwork network, TutorModules modules, string? module, int? weeks, CancellationToken ct)
    {
        module ??= await FirstModuleAsync(scope, modules, ct);
        return module is not null && await network.BuildAsync(scope, module, weeks ?? 8, ct) is { } graph
            ? TypedResults.Ok(graph)
            : TypedResults.Problem("You do not tutor this module.", statusCode: StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<SilenceWeek>, ProblemHttpResult>> SilencesAsync(
        TutorScope scope, SilenceQueries silences, TutorModules modules, TimeProvider clock, string? module, string? week, CancellationToken ct)
    {
        module ??= await FirstModuleAsync(scope, modules, ct);
        return module is not null && await silences.ForWeekAsync(scope, module, SilenceQueries.ParseWeek(week, clock.GetUtcNow().UtcDateTime), ct) is { } result
            ? TypedResults.Ok(result)
            : TypedResults.Problem("You do not tutor this module.", statusCode: StatusCodes.Status403Forbidden);
    }

    private static async Task<string?> FirstModuleAsync(TutorScope scope, TutorModules modules, CancellationToken ct) =>
        await modules.ListAsync(scope, ct) is [var first, ..] ? first.Id : null;

    private static async Task<Results<ContentHttpResult, NotFound>> ExportAsync(
        TutorScope scope, LearnerSearch search, LearnerPrivacy privacy, string externalId, CancellationToken ct) =>
        await search.InScopeAsync(scope, externalId, ct) && await privacy.ExportAsync(externalId, scope.IsAdmin ? null : scope.ModuleIds, ct) is { } export
            ? TypedResults.Content(LearnerPrivacy.ToJson(export), "application/json")
            : TypedResults.NotFound();

    private static async Task<Ok<IReadOnlyList<ModuleRow>>> ListModulesAsync(TutorScope scope, TutorModules modules, CancellationToken ct) =>
        TypedResults.Ok(await modules.ListAsync(scope, ct));

    private static async Task<Results<Ok<IReadOnlyList<QuestionRow>>, ProblemHttpResult>> ListQuestionsAsync(
        TutorScope scope, QuestionQueries queries, string? list, string? module, string? search, CancellationToken ct)
    {
        list ??= "open";
        if (!QuestionQueries.Lists.ContainsKey(list))
        {
            return TypedResults.Problem($"list must be one of {string.Join(", ", QuestionQueries.Lists.Keys)}", statusCode: StatusCodes.Status400BadRequest);
        }

        if (module is not null && !scope.Allows(module))
        {
            return TypedResults.Problem("You do not tutor this module.", statusCode: StatusCodes.Status403Forbidden);
        }

        // The newest 200, as before the pages had paging.
        return TypedResults.Ok<IReadOnlyList<QuestionRow>>(await queries.ListAsync(scope, list, module, search, new ListRequest("", "asked", true, 1, 200), ct));
    }

    private static async Task<Results<Ok<QuestionDetail>, NotFound>> GetQuestionAsync(TutorScope scope, QuestionQueries queries, Guid id, CancellationToken ct) =>
        await queries.FindAsync(scope, id, ct) is { } detail ? TypedResults.Ok(detail) : TypedResults.NotFound();

    private static async Task<Results<Created, NotFound, ProblemHttpResult>> AnswerAsync(
        TutorScope scope, TutorAnswers answers, Guid id, AnswerRequest request, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Text) || request.Text.Length > TutorAnswers.MaxLength)
        {
            return TypedResults.Problem($"text is required (at most {TutorAnswers.MaxLength} characters)", statusCode: StatusCodes.Status400BadRequest);
        }

        var (outcome, answerId) = await answers.AnswerAsync(scope, id, request.Text, ct);
        return outcome switch
        {
            TutorAnswerOutcome.Stored => TypedResults.Created($"/api/tutor/questions/{id}#answer-{answerId}"),
            TutorAnswerOutcome.Cancelled => TypedResults.Problem("The learner cancelled this question.", statusCode: StatusCodes.Status409Conflict),
            _ => TypedResults.NotFound(),
        };
    }
}
