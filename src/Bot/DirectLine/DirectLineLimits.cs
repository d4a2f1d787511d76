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
}

/// <summary>
/// The web chat's limits with ASP.NET Core's rate limiter: tokens and new conversations per client
/// address, posts and uploads per conversation. A refused request gets 429, a Retry-After and a
/// problem body; nothing of it is stored, so the client can send it again later.
/// </summary>
internal static class DirectLineLimits
{
    public const string TokenPolicy = "directline-tokens";
    public const string PostPolicy = "directline-posts";
    public const string UploadPolicy = "directline-uploads";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.AddPolicy(TokenPolicy, context => Partition(context, o => o.TokensPerMinute, TimeSpan.FromMinutes(1),
            context.Connection.RemoteIpAddress?.ToString() ?? "local"));
        limiter.AddPolicy(PostPolicy, context => Partition(context, o => o.PostsPerMinute, TimeSpan.FromMinutes(1),
            context.Request.RouteValues["conversationId"]?.ToString() ?? ""));
        limiter.AddPolicy(UploadPolicy, context => Partition(context, o => o.UploadsPerHour, TimeSpan.FromHours(1),
            context.Request.RouteValues["conversationId"]?.ToString() ?? ""));

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

            var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromMinutes(1);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await Results.Problem(statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests",
                detail: "Slow down: try again after the number of seconds in Retry-After.").ExecuteAsync(http);
        };
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
