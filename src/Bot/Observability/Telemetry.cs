using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace SupportBot.Bot.Observability;

public static class Telemetry
{
    /// <summary>
    /// JSON console logs outside Development (machine-read); OpenTelemetry traces and metrics only
    /// when an OTLP endpoint is set, so a local run does not try to reach a collector.
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotObservability(this IHostApplicationBuilder builder)
    {
        if (!builder.Environment.IsDevelopment())
        {
            builder.Logging.ClearProviders();
            builder.Logging.AddJsonConsole(o => o.UseUtcTimestamp = true);
        }

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry()
                .ConfigureResource(r => r.AddService("supportbot-bot"))
                .WithTracing(t => t.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddNpgsql())
                .WithMetrics(m => m.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddMeter("Npgsql"))
                .UseOtlpExporter();
        }

        return builder;
    }
}
