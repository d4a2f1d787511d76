using System.Globalization;
using System.Text;

namespace SupportBot.Bench.InboxLatency;

internal static class Report
{
    /// <summary>A markdown table; ratios compare each scenario with polling on the same server in the same run.</summary>
    public static string Markdown(IReadOnlyList<ScenarioResult> results, int messages)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{messages} messages per scenario, {DateTime.UtcNow:yyyy-MM-dd}, {Environment.ProcessorCount} cores.");
        text.AppendLine();
        text.AppendLine("| scenario | handed over | p50 | p99 | p50 / baseline | p99 / baseline |");
        text.AppendLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var r in results)
        {
            var baseline = results.FirstOrDefault(b => b.Scenario.Name == r.Scenario.Baseline);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario.Description} | {r.Latencies.Count}/{messages} | {Ms(r.P50)} | {Ms(r.P99)} | {Ratio(r.P50, baseline?.P50)} | {Ratio(r.P99, baseline?.P99)} |");
        }

        return text.ToString();
    }

    private static string Ms(TimeSpan t) => t == TimeSpan.MaxValue ? "missing" : string.Create(CultureInfo.InvariantCulture, $"{t.TotalMilliseconds:F0} ms");

    private static string Ratio(TimeSpan value, TimeSpan? baseline) => baseline switch
    {
        null => "baseline",
        { } b when b == TimeSpan.MaxValue || value == TimeSpan.MaxValue || b == TimeSpan.Zero => "n/a",
        { } b => string.Create(CultureInfo.InvariantCulture, $"{value / b:F3}"),
    };
}
