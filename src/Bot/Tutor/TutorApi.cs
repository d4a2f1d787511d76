using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Tutor.Questions;

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
        return app;
    }

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

        return TypedResults.Ok(await queries.ListAsync(scope, list, module, search, ct));
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
