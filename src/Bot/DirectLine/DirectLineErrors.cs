namespace SupportBot.Bot.DirectLine;

/// <summary>Direct Line's own error body, `{ "error": { "code", "message" } }`, which its clients read.</summary>
internal static class DirectLineErrors
{
    public static IResult Of(int status, string code, string message) =>
        TypedResults.Json(new { error = new { code, message } }, statusCode: status);

    public static IResult BadArgument(string message) => Of(StatusCodes.Status400BadRequest, "BadArgument", message);

    public static IResult Unauthorized(string message) => Of(StatusCodes.Status401Unauthorized, "Unauthorized", message);

    public static IResult TokenExpired(string message) => Of(StatusCodes.Status403Forbidden, "TokenExpired", message);

    public static IResult Forbidden(string message) => Of(StatusCodes.Status403Forbidden, "Forbidden", message);

    public static IResult NotFound(string message) => Of(StatusCodes.Status404NotFound, "NotFound", message);

    public static IResult TooLarge(string message) => Of(StatusCodes.Status413PayloadTooLarge, "MessageSizeTooBig", message);
}
