using SupportBot.Shared.Conversations.DirectLine;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.AnswerImages;

/// <summary>
/// GET /answers/{answer}/images/{index}?e=&amp;s=: an image of a relayed answer that the chat did not
/// show (too large, or one too many), through the signed, expiring link the relay wrote
/// (<see cref="AnswerImageLinks"/>). A wrong, altered or expired link gets 404, like a missing image,
/// so a link says nothing about which answers exist. Served as a download, never rendered by the
/// bot's origin.
/// </summary>
public static class AnswerImagesApi
{
    public static IEndpointRouteBuilder MapAnswerImages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/" + AnswerImageLinks.PathPrefix + "{answerId:guid}/images/{index:int}", GetAsync);
        return app;
    }

    private static async Task<IResult> GetAsync(
        Guid answerId, int index, long? e, string? s, HttpContext http, AnswerImageLinks links, AnswerStore answers, DirectLineStore directLine, CancellationToken ct)
    {
        if (e is not { } expires || !links.IsValid(answerId, index, expires, s)
            || await answers.FindForRelayAsync(answerId, ct) is not { } answer
            || index >= answer.Images.Count)
        {
            return TypedResults.NotFound();
        }

        var image = answer.Images[index];
        byte[]? content = null;
        if (image.Data is { } data)
        {
            content = Convert.FromBase64String(data);
        }
        else if (image.UploadId is { } upload && await directLine.FindUploadAsync(upload, ct) is { } stored)
        {
            content = stored.Content;
        }

        if (content is null)
        {
            return TypedResults.NotFound();
        }

        http.Response.Headers.CacheControl = "private, max-age=3600";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.File(content, image.ContentType, image.FileName);
    }
}
