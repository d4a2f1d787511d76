using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SupportBot.Bot.BotFramework;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Conversations.DirectLine;
using SupportBot.Shared.Hosting;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// Files a learner sends in the web chat (Direct Line's POST .../upload): images and PDFs, stored in
/// PostgreSQL, then posted as the attachments of one activity; and GET .../attachments/{id} that serves them.
/// </summary>
internal static class DirectLineUploads
{
    /// <summary>Uploaded files are fetched by &lt;img&gt; tags, which cannot send a token: their ids are unguessable.</summary>
    public static void MapAttachments(WebApplication app) =>
        app.MapGet(DirectLineApi.BasePath + "/attachments/{uploadId}", GetUploadAsync);

    /// <summary>On the authenticated Direct Line group, which checks the token's conversation.</summary>
    public static void MapUpload(RouteGroupBuilder api) =>
        api.MapPost("/conversations/{conversationId}/upload", UploadAsync).DisableAntiforgery().RequireRateLimiting(DirectLineLimits.UploadPolicy);

    private static async Task<IResult> UploadAsync(
        HttpContext http, string conversationId, DirectLineStore store, IActivityProcessor processor,
        IOptions<DirectLineOptions> options, IOptions<DirectLineLimitsOptions> limits, IOptions<BotOptions> bot, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return DirectLineErrors.BadArgument("An upload is multipart/form-data with one part per file.");
        }

        var limit = options.Value.MaxUploadBytes;
        if (http.Request.ContentLength > limit + (64 * 1024))
        {
            return DirectLineErrors.TooLarge($"Files are at most {limit / (1024 * 1024)} MB.");
        }

        var form = await http.Request.ReadFormAsync(ct);
        Activity? activity = null;
        var files = new List<NewUpload>();
        foreach (var file in form.Files)
        {
            if (file.ContentType.StartsWith("application/vnd.microsoft.activity", StringComparison.OrdinalIgnoreCase))
            {
                using var reader = new StreamReader(file.OpenReadStream());
                try
                {
                    activity = ActivityJson.Deserialize(await reader.ReadToEndAsync(ct));
                }
                catch (JsonException ex)
                {
                    return DirectLineErrors.BadArgument($"The activity part is not valid JSON: {ex.Message}");
                }

                continue;
            }

            if (!IsAllowedUpload(file.ContentType))
            {
                return DirectLineErrors.BadArgument($"{file.FileName}: only images and PDF files can be sent ({file.ContentType} refused).");
            }

            if (file.Length > limit)
            {
                return DirectLineErrors.TooLarge($"{file.FileName}: files are at most {limit / (1024 * 1024)} MB.");
            }

            using var content = new MemoryStream();
            await file.CopyToAsync(content, ct);
            files.Add(new NewUpload(file.ContentType, Path.GetFileName(file.FileName), content.ToArray()));
        }

        if (files.Count == 0)
        {
            return DirectLineErrors.BadArgument("The upload holds no file.");
        }

        // The quota follows the learner the token names, whichever of their conversations they upload to.
        var uploader = DirectLineApi.Caller(http).Grant?.UserId
            ?? (await store.FindConversationAsync(conversationId, ct))?.UserId
            ?? conversationId;
        var quota = limits.Value;
        var (ids, retryAfter) = await store.SaveLearnerUploadsAsync(conversationId, uploader, files,
            new UploadQuota(quota.LearnerUploadFiles, quota.LearnerUploadBytes, quota.LearnerUploadWindow), ct);
        if (ids is null)
        {
            return DirectLineLimits.TooManyRequests(http, retryAfter,
                $"You have sent as many files as allowed for now (at most {quota.LearnerUploadFiles} files and {quota.LearnerUploadBytes / (1024 * 1024)} MB per {quota.LearnerUploadWindow.TotalHours.ToString("0.#", CultureInfo.InvariantCulture)} hours); try again after the number of seconds in Retry-After.");
        }

        var attachments = files.Select((file, i) => new Attachment
        {
            ContentType = file.ContentType,
            Name = file.FileName,
            ContentUrl = $"{http.Request.Scheme}://{http.Request.Host}{DirectLineApi.BasePath}/attachments/{ids[i]}",
        }).ToList();

        KeepThumbnails(activity?.Attachments, attachments);
        activity ??= new Activity { Type = ActivityTypes.Message };
        activity.Type ??= ActivityTypes.Message;
        activity.Attachments = attachments;
        if (activity.IsMessage && string.IsNullOrWhiteSpace(activity.Text) && activity.Attachments is not { Count: > 0 } && activity.Value is null)
        {
            return DirectLineErrors.BadArgument("A message needs a \"text\", an attachment or a \"value\": this one is empty.");
        }

        return TypedResults.Json(new { id = await DirectLineApi.AcceptAsync(http, conversationId, activity, store, processor, bot.Value, ct) });
    }

    /// <summary>
    /// DirectLineJS describes the files in the activity part, in the order of the file parts; Web Chat
    /// shows a learner's own image as an image (not a download card) only if the thumbnailUrl it made,
    /// a data: URL, comes back in the echo. Only inline raster images are kept: nothing that loads from elsewhere.
    /// </summary>
    private static void KeepThumbnails(List<Attachment>? described, List<Attachment> uploaded)
    {
        for (var i = 0; described is not null && i < Math.Min(described.Count, uploaded.Count); i++)
        {
            var thumbnail = described[i].ThumbnailUrl;
            if (thumbnail is not null
                && thumbnail.StartsWith("data:image/", StringComparison.OrdinalIgnoreCase)
                && !thumbnail.StartsWith("data:image/svg", StringComparison.OrdinalIgnoreCase))
            {
                uploaded[i].ThumbnailUrl = thumbnail;
            }
        }
    }

    private static bool IsAllowedUpload(string contentType) =>
        contentType.StartsWith("image/", StringComparison.OrdinalIgnoreCase) && !contentType.Contains("svg", StringComparison.OrdinalIgnoreCase)
        || contentType.Equals("application/pdf", StringComparison.OrdinalIgnoreCase);

    private static async Task<IResult> GetUploadAsync(string uploadId, DirectLineStore store, CancellationToken ct)
    {
        var upload = await store.FindUploadAsync(uploadId, ct);
        return upload is null
            ? DirectLineErrors.NotFound("No such attachment.")
            : TypedResults.File(upload.Content, upload.ContentType, upload.FileName);
    }
}
