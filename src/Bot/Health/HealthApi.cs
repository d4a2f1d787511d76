using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using SupportBot.Shared.Email;

namespace SupportBot.Bot.Health;

public static class HealthApi
{
    public static IHostApplicationBuilder AddSupportBotHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddNpgSql(name: "postgresql", timeout: TimeSpan.FromSeconds(5), tags: ["db"])
            .AddMailServerChecks();
        return builder;
    }

    /// <summary>/healthz: overall status plus one entry per dependency, so an operator sees which part is down.</summary>
    public static IEndpointRouteBuilder MapSupportBotHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            ResponseWriter = WriteJson,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).DisableHttpMetrics();
        return app;
    }

    private static Task WriteJson(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        var body = new
        {
            status = report.Status.ToString(),
            durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
            checks = report.Entries.ToDictionary(
                e => e.Key,
                e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1) }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }
}
