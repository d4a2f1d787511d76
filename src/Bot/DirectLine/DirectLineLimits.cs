using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.DirectLine;

/// <summary>How much one caller may ask of the web chat's endpoints (0 = no limit).</summary>
public sealed class DirectLineLimitsOptions
{
    public const string SectionName = "DirectLine:Limits";

    /// <summary>Tokens (POST /api/directline/token) and conversations started, per client address and minute.</summary>
    [Range(0, 10_000, ErrorMessage = "must be between 0 (no limit) and 10000")]
    public int TokensPerMinute { get; set; } = 20;

    /// <summary>Activities posted, per conversation and minute (a learner types far fewer).</summary>
    [Range(0, 10_000, ErrorMessage = "must be between 0 (no limit) and 10000")]
    public int PostsPerMinute { get; set; } = 30;

    /// <summary>Uploads, per conversation and hour (each at most DirectLine:MaxUploadBytes).</summary>
    [Range(0, 10_000, ErrorMessage = "must be between 0 (no limit) and 10000")]
    public int UploadsPerHour { get; set; } = 20;

    /// <summary>Files one learner may upload per <see cref="LearnerUploadWindow"/>, across all their conversations.</summary>
    [Range(0, 100_000, ErrorMessage = "must be between 0 (no limit) and 100000")]
    public int LearnerUploadFiles { get; set; } = 50;

    /// <summary>Bytes one learner may upload per <see cref="LearnerUploadWindow"/>, across all their conversations.</summary>
    [Range(0, long.MaxValue, ErrorMessage = "must be 0 (no limit) or more")]
    public long LearnerUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>The sliding window of the per-learner upload quota.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "must be between 00:01:00 and 30.00:00:00")]
    public TimeSpan LearnerUploadWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>WebSocket streams open at once on one conversation (every token of a conversation counts: refreshing does not reset it).</summary>
    [Range(0, 1000, ErrorMessage = "must be between 0 (no limit) and 1000")]
    public int StreamsPerConversation { get; set; } = 4;
}

/// <summary>
/// The web chat's limits with ASP.NET Core's rate limiter: tokens and new conversations per client
/// address, posts and uploads per conversation, open streams per conversation; the per-learner upload
/// quota is checked where the files are stored (<see cref="DirectLineUploads"/>). A refused request gets 429, a Retry-After and a
/// problem body; nothing of it is stored, so the client can send it again later.
/// </summary>
internal static class DirectLineLimits
{
    public const string TokenPolicy = "directline-tokens";
    public const string PostPolicy = "directline-posts";
    public const string UploadPolicy = "directline-uploads";
    public const string StreamPolicy = "directline-streams";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.AddPolicy(TokenPolicy, context => Partition(context, o => o.TokensPerMinute, TimeSpan.FromMinutes(1),
            context.Connection.RemoteIpAddress?.ToString() ?? "local"));
        limiter.AddPolicy(PostPolicy, context => Partition(context, o => o.PostsPerMinute, TimeSpan.FromMinutes(1),
            context.Request.RouteValues["conversationId"]?.ToString() ?? ""));
        limiter.AddPolicy(UploadPolicy, context => Partition(context, o => o.UploadsPerHour, TimeSpan.FromHours(1),
            context.Request.RouteValues["conversationId"]?.ToString() ?? ""));
        // A WebSocket request lasts as long as its stream: a concurrency lease is one open stream.
        limiter.AddPolicy(StreamPolicy, context =>
        {
            var permits = context.RequestServices.GetRequiredService<IOptions<DirectLineLimitsOptions>>().Value.StreamsPerConversation;
            return permits <= 0
                ? RateLimitPartition.GetNoLimiter("unlimited")
                : RateLimitPartition.GetConcurrencyLimiter(context.Request.RouteValues["conversationId"]?.ToString() ?? "", _ => new ConcurrencyLimiterOptions
                {
                    PermitLimit = permits, QueueLimit = 0,
                });
        });

        // The sign-in page has its own rejection page; the web chat's clients read JSON.
        var previous = limiter.OnRejected;
        limiter.OnRejected = async (rejected, ct) =>
        {
            var http = rejected.HttpContext;
            if (!IsWebChat(http.Request.Path))
            {
                if (previous is not null)
                {
                    await previous(rejected, ct);
                }

                return;
            }

            // A concurrency limiter (streams) says no Retry-After: a minute is a stream's usual reconnect delay.
            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            await TooManyRequests(http, wait).ExecuteAsync(http);
        };
    }

    /// <summary>429 with Retry-After (whole seconds, at least 1) and a problem body: the limiter's answer, also for quotas checked in a handler.</summary>
    public static IResult TooManyRequests(HttpContext http, TimeSpan wait, string detail = "Slow down: try again after the number of seconds in Retry-After.")
    {
        http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests", detail: detail);
    }

    private static bool IsWebChat(PathString path) =>
        path.StartsWithSegments("/v3/directline", StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments("/api/directline", StringComparison.OrdinalIgnoreCase);

    private static RateLimitPartition<string> Partition(HttpContext context, Func<DirectLineLimitsOptions, int> limit, TimeSpan window, string key)
    {
        var permits = limit(context.RequestServices.GetRequiredService<IOptions<DirectLineLimitsOptions>>().Value);
        return permits <= 0
            ? RateLimitPartition.GetNoLimiter("unlimited")
            : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true,
            });
    }
}
