using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SupportBot.Bot.Auth;
using SupportBot.Shared.Email;
using SupportBot.Shared.Faq;

namespace SupportBot.Bot.Health;

public static class HealthApi
{
    /// <summary>
    /// How long a mail server's answer is reused: a probe logs in to IMAP and says hello to SMTP,
    /// which anonymous callers must not be able to trigger on every request.
    /// </summary>
    public static readonly TimeSpan MailCheckReuse = TimeSpan.FromSeconds(30);

    // Checks that say whether the host serves as configured yet, not whether it is up: /health/ready only.
    private const string ReadyTag = "ready";

    public static IHostApplicationBuilder AddSupportBotHealth(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddNpgSql(name: "postgresql", timeout: TimeSpan.FromSeconds(5), tags: ["db"])
            .AddMailServerChecks()
            .AddCheck<FaqReadiness>("faq-meanings", tags: [ReadyTag]);
        builder.Services.AddSingleton<HealthResultCache>();
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            foreach (var registration in options.Registrations.Where(r => r.Tags.Contains("mail")))
            {
                var probe = registration.Factory;
                registration.Factory = services => new ReusedHealthCheck(
                    registration.Name, () => probe(services), services.GetRequiredService<HealthResultCache>(), MailCheckReuse);
            }
        });
        return builder;
    }

    /// <summary>
    /// /healthz: the overall status for anyone (load balancers); which dependency, which host and
    /// which error only for an admin's session or a caller on this machine.
    /// </summary>
    public static IEndpointRouteBuilder MapSupportBotHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions
        {
            Predicate = check => !check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteJsonAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status200OK,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).DisableHttpMetrics();

        // /health/ready: 503 until the host serves as configured (the FAQ matcher reads meanings once its model has
        // loaded in the background); for whoever must not see the words-only warm-up, e.g. tests of the chat's buttons.
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(ReadyTag),
            ResponseWriter = WriteJsonAsync,
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
        }).DisableHttpMetrics();
        return app;
    }

    private static async Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        object body = await MaySeeDetailsAsync(context)
            ? new
            {
                status = report.Status.ToString(),
                durationMs = Math.Round(report.TotalDuration.TotalMilliseconds, 1),
                checks = report.Entries.ToDictionary(
                    e => e.Key,
                    e => new { status = e.Value.Status.ToString(), description = e.Value.Description, durationMs = Math.Round(e.Value.Duration.TotalMilliseconds, 1) }),
            }
            : new { status = report.Status.ToString() };
        await JsonSerializer.SerializeAsync(context.Response.Body, body, JsonSerializerOptions.Web, context.RequestAborted);
    }

    /// <summary>A loopback caller (an operator on the machine; an in-process test server has no address) or a signed-in admin.</summary>
    private static async Task<bool> MaySeeDetailsAsync(HttpContext context)
    {
        if (context.Connection.RemoteIpAddress is not { } remote || IPAddress.IsLoopback(remote))
        {
            return true;
        }

        var session = await context.AuthenticateAsync(TutorClaims.Scheme);
        return session.Succeeded && TutorClaims.IsAdminUser(session.Principal);
    }
}

/// <summary>Whether the FAQ matcher reads meanings as configured (words alone answer meanwhile: degraded, not down).</summary>
internal sealed class FaqReadiness(FaqCatalog catalog) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(catalog.MeaningsReady
            ? HealthCheckResult.Healthy("the FAQ matcher reads meanings as configured")
            : HealthCheckResult.Degraded("the FAQ matcher answers by words alone while its model loads"));
}

/// <summary>The last result of each cached check, shared by every request.</summary>
internal sealed class HealthResultCache(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);

    public TimeProvider Clock { get; } = clock;

    public bool TryGet(string name, TimeSpan maxAge, out HealthCheckResult result)
    {
        if (entries.TryGetValue(name, out var entry) && Clock.GetUtcNow() - entry.At < maxAge)
        {
            result = entry.Result;
            return true;
        }

        result = default;
        return false;
    }

    public void Set(string name, HealthCheckResult result) => entries[name] = new Entry(result, Clock.GetUtcNow());

    /// <summary>One probe at a time per check: a burst of requests waits for the first one's answer.</summary>
    public SemaphoreSlim GateFor(string name) => gates.GetOrAdd(name, _ => new SemaphoreSlim(1, 1));

    private readonly ConcurrentDictionary<string, SemaphoreSlim> gates = new(StringComparer.Ordinal);

    private sealed record Entry(HealthCheckResult Result, DateTimeOffset At);
}

/// <summary>Runs the real check at most once per <paramref name="reuse"/>, answering from the cache in between.</summary>
internal sealed class ReusedHealthCheck(string name, Func<IHealthCheck> probe, HealthResultCache cache, TimeSpan reuse) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (cache.TryGet(name, reuse, out var cached))
        {
            return cached;
        }

        var gate = cache.GateFor(name);
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (cache.TryGet(name, reuse, out cached))
            {
                return cached;
            }

            var result = await probe().CheckHealthAsync(context, cancellationToken);
            cache.Set(name, result);
            return result;
        }
        finally
        {
            gate.Release();
        }
    }
}
