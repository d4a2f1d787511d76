using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Bench.Channels;

/// <summary>One line of the table: a target on a channel, over every round.</summary>
internal sealed record Summary(
    string Target, string Channel, int Turns, double Seconds, double P50, double P99, double SetupP50, int Errors, int Timeouts,
    double BotCpuMsPerTurn, double PostgresCpuMsPerTurn, double LoadgenCpuMsPerTurn, double[] RoundTurnsPerSecond)
{
    public double TurnsPerSecond => Turns / Seconds;
}

/// <summary>The table printed at the end, the ratios against the JS echo bot of the same run, and the README block.</summary>
internal static class Report
{
    public const string OurBot = "supportbot";
    public const string JsEcho = "js-echo";
    public const string Postgres = "postgres";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static List<Summary> Summarise(IReadOnlyList<PhaseResult> phases) =>
        [.. phases
            .GroupBy(p => (p.Target, p.Channel))
            .Select(g =>
            {
                var rounds = g.OrderBy(p => p.Round).ToList();
                var turns = rounds.Sum(p => p.Turns);
                var latencies = rounds.SelectMany(p => p.LatenciesWithTimeouts).ToArray();
                double PerTurn(string process) =>
                    turns == 0 ? double.NaN : rounds.Sum(p => p.CpuSeconds.TryGetValue(process, out var s) ? s : 0) * 1000 / turns;
                var botProcess = g.Key.Target;
                return new Summary(g.Key.Target, g.Key.Channel, turns, rounds.Sum(p => p.Seconds),
                    Percentiles.Of(latencies, 50), Percentiles.Of(latencies, 99), Percentiles.Of(rounds.SelectMany(p => p.Setups), 50),
                    rounds.Sum(p => p.Errors), rounds.Sum(p => p.Timeouts),
                    PerTurn(botProcess), botProcess == OurBot ? PerTurn(Postgres) : double.NaN, PerTurn("loadgen"),
                    [.. rounds.Select(p => p.TurnsPerSecond)]);
            })];

    public static IReadOnlyList<(string Name, double Value)> Ratios(IReadOnlyList<Summary> lines)
    {
        var ours = lines.FirstOrDefault(l => l.Target == OurBot && l.Channel == "/api/messages");
        var js = lines.FirstOrDefault(l => l.Target == JsEcho);
        var directLine = lines.FirstOrDefault(l => l.Channel == "Direct Line");
        var ratios = new List<(string, double)>();
        if (ours is not null && js is not null)
        {
            ratios.Add(("our /api/messages throughput / JS echo throughput", ours.TurnsPerSecond / js.TurnsPerSecond));
            ratios.Add(("our /api/messages p99 / JS echo p99", ours.P99 / js.P99));
            ratios.Add(("our /api/messages p50 / JS echo p50", ours.P50 / js.P50));
            ratios.Add(("our bot CPU per turn / JS echo CPU per turn", ours.BotCpuMsPerTurn / js.BotCpuMsPerTurn));
        }

        if (ours is not null && directLine is not null)
        {
            ratios.Add(("Direct Line throughput / our /api/messages throughput", directLine.TurnsPerSecond / ours.TurnsPerSecond));
            ratios.Add(("Direct Line p99 / our /api/messages p99", directLine.P99 / ours.P99));
        }

        return ratios;
    }

    public static string Table(IReadOnlyList<Summary> lines)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| bot | channel | turns | turns/s | p50 ms | p99 ms | turns/s by round | errors | timeouts | bot CPU ms/turn | PostgreSQL CPU ms/turn | load generator CPU ms/turn |");
        sb.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var l in lines)
        {
            sb.Append(Inv, $"| {l.Target} | {l.Channel} | {l.Turns} | {l.TurnsPerSecond:F0} | {l.P50:F1} | {l.P99:F1} | ")
              .Append(string.Join(", ", l.RoundTurnsPerSecond.Select(r => r.ToString("F0", Inv))))
              .AppendLine(Inv, $" | {l.Errors} | {l.Timeouts} | {Ms(l.BotCpuMsPerTurn)} | {Ms(l.PostgresCpuMsPerTurn)} | {Ms(l.LoadgenCpuMsPerTurn)} |");
        }

        sb.AppendLine();
        sb.AppendLine("Percentiles count a turn given up on after 10 s inside the window as infinite (∞); timeouts cover the whole phase.");
        return sb.ToString();
    }

    public static string RatioTable(IReadOnlyList<(string Name, double Value)> ratios)
    {
        var sb = new StringBuilder();
        sb.AppendLine("| ratio (same run) | value |");
        sb.AppendLine("| --- | ---: |");
        foreach (var (name, value) in ratios)
        {
            sb.AppendLine(Inv, $"| {name} | {value:F2} |");
        }

        return sb.ToString();
    }

    public static string Markdown(BenchOptions o, IReadOnlyList<Summary> lines, string? directLineSetup)
    {
        var sb = new StringBuilder();
        sb.AppendLine(Inv, $"Run: {o.Label}; {o.Conversations} concurrent conversations of {o.MessagesPerConversation} messages, think time {o.ThinkTime.TotalMilliseconds:F0} ms, "
            + $"{o.Rounds} rounds of {o.WarmUp.TotalSeconds:F0} s warm-up + {o.Measure.TotalSeconds:F0} s measured per phase, load average at start {LoadAverage()}.");
        sb.AppendLine();
        sb.Append(Table(lines));
        sb.AppendLine();
        sb.Append(RatioTable(Ratios(lines)));
        if (directLineSetup is not null)
        {
            sb.AppendLine();
            sb.AppendLine(directLineSetup);
        }

        return sb.ToString();
    }

    public static string? DirectLineSetup(IReadOnlyList<Summary> lines) =>
        lines.FirstOrDefault(l => l.Channel == "Direct Line") is { } dl && !double.IsNaN(dl.SetupP50)
            ? string.Create(Inv, $"Direct Line conversation set-up (token + start + WebSocket connected), p50: {dl.SetupP50:F1} ms.")
            : null;

    public static string Json(BenchOptions o, IReadOnlyList<Summary> lines) => JsonSerializer.Serialize(new
    {
        label = o.Label,
        conversations = o.Conversations,
        messagesPerConversation = o.MessagesPerConversation,
        thinkTimeMs = o.ThinkTime.TotalMilliseconds,
        rounds = o.Rounds,
        warmUpSeconds = o.WarmUp.TotalSeconds,
        measureSeconds = o.Measure.TotalSeconds,
        results = lines.Select(l => new
        {
            bot = l.Target, channel = l.Channel, l.Turns, turnsPerSecond = l.TurnsPerSecond, p50Ms = l.P50, p99Ms = l.P99,
            l.Errors, l.Timeouts, botCpuMsPerTurn = Nullable(l.BotCpuMsPerTurn), postgresCpuMsPerTurn = Nullable(l.PostgresCpuMsPerTurn),
            loadgenCpuMsPerTurn = Nullable(l.LoadgenCpuMsPerTurn), turnsPerSecondByRound = l.RoundTurnsPerSecond,
            setupP50Ms = Nullable(l.SetupP50),
        }),
        ratios = Ratios(lines).ToDictionary(r => r.Name, r => r.Value),
    }, new JsonSerializerOptions { WriteIndented = true, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals });

    private static double? Nullable(double value) => double.IsNaN(value) ? null : value;

    private static string Ms(double value) => double.IsNaN(value) ? "" : value.ToString("F2", Inv);

    private static string LoadAverage()
    {
        try
        {
            return File.ReadAllText("/proc/loadavg").Split(' ')[0];
        }
        catch (IOException)
        {
            return "?";
        }
    }
}
