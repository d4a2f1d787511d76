using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace SupportBot.Bot.Auth;

/// <summary>
/// Limits sign-in link requests per IP address with the rate-limiting middleware (policy
/// <see cref="Policy"/> on the sign-in page's POST), Auth:SignInRequestLimit per Auth:SignInRequestWindow.
/// Per email address only mails are limited (<see cref="SignInMailQueue"/>): refusing requests per
/// address would let anyone lock a tutor out.
/// </summary>
internal static class SignInThrottle
{
    public const string Policy = "tutor-sign-in";

    public static void Configure(RateLimiterOptions limiter)
    {
        limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
        limiter.AddPolicy(Policy, context =>
        {
            if (!HttpMethods.IsPost(context.Request.Method))
            {
                return RateLimitPartition.GetNoLimiter("read");
            }

            var o = context.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
            var ip = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            return RateLimitPartition.GetFixedWindowLimiter(ip, _ => Window(o));
        });
        limiter.OnRejected = (context, ct) =>
        {
            var fr = !context.HttpContext.Request.Headers.AcceptLanguage.ToString().StartsWith("en", StringComparison.OrdinalIgnoreCase);
            return WriteTooManyAsync(context.HttpContext.Response, fr, ct);
        };
    }

    public static string Message(bool fr) => fr
        ? "Trop de demandes de lien de connexion. Réessayez dans quelques minutes."
        : "Too many sign-in link requests. Please try again in a few minutes.";

    private static async ValueTask WriteTooManyAsync(HttpResponse response, bool fr, CancellationToken ct)
    {
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync($"""
            <!doctype html><html lang="{(fr ? "fr" : "en")}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>SupportBot</title><link rel="stylesheet" href="/tutor-assets/tutor.css"></head>
            <body class="narrow"><main><h1>SupportBot</h1><p class="notice error" role="alert">{WebUtility.HtmlEncode(Message(fr))}</p>
            <p><a href="/tutor/sign-in">{(fr ? "Retour" : "Back")}</a></p></main></body></html>
            """, ct);
    }

    private static FixedWindowRateLimiterOptions Window(AuthOptions o) => new()
    {
        PermitLimit = o.SignInRequestLimit,
        Window = o.SignInRequestWindow,
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
