using System.Net;
using System.Text.Json;
using SupportBot.Bench.Channels;

// channels-bench: see bench/README.md, "Channels". Every request goes to 127.0.0.1.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"channels-bench: {ex.Message}");
    return 2;
}

var questions = File.ReadLines(options.QueriesPath)
    .Where(line => line.Trim().Length > 0)
    .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("q").GetString()!)
    .ToList();

await using var connector = await FakeConnector.StartAsync();
using var http = new HttpClient(new SocketsHttpHandler
{
    MaxConnectionsPerServer = int.MaxValue,
    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    AutomaticDecompression = DecompressionMethods.None,
    UseProxy = false,
})
{
    Timeout = options.ReplyTimeout,
};
var cpu = new ProcessCpu(options.Watched);
var api = new ApiMessagesLoad(http, connector, questions, options);
var directLine = options.DirectLineHost is { } host ? new DirectLineLoad(http, host, options.LearnerLinkKey, questions, options) : null;

// Every round runs each phase once; even rounds run them backwards, so slow drift of a shared machine hits all alike.
var phases = new List<Func<int, PhaseTiming, Task<PhaseResult>>>();
phases.AddRange(options.ApiTargets.Select(t => (Func<int, PhaseTiming, Task<PhaseResult>>)((round, timing) => api.RunAsync(t, round, timing, cpu))));
if (directLine is not null)
{
    phases.Add((round, timing) => directLine.RunAsync(round, timing, cpu));
}

if (options.Prime > TimeSpan.Zero)
{
    var priming = new PhaseTiming(options.Prime, TimeSpan.FromSeconds(1));
    foreach (var phase in phases)
    {
        var primed = await phase(0, priming);
        Console.WriteLine($"primed  {primed.Target,-10} {primed.Channel,-13} (not measured)");
    }
}

var timing = new PhaseTiming(options.WarmUp, options.Measure);
var results = new List<PhaseResult>();
for (var round = 1; round <= options.Rounds; round++)
{
    var order = round % 2 == 1 ? phases : Enumerable.Reverse(phases);
    foreach (var phase in order)
    {
        var result = await phase(round, timing);
        results.Add(result);
        Console.WriteLine($"round {round} {result.Target,-10} {result.Channel,-13} {result.TurnsPerSecond,7:F0} turns/s  p50 {Percentiles.Of(result.LatenciesWithTimeouts, 50),7:F1} ms  p99 {Percentiles.Of(result.LatenciesWithTimeouts, 99),7:F1} ms  errors {result.Errors}  timeouts {result.Timeouts}");
        if (connector.Sample is { } sample && result.Channel == "/api/messages")
        {
            var text = JsonDocument.Parse(sample).RootElement.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "";
            Console.WriteLine($"        sample reply: {(text.Length > 100 ? text[..100] + "..." : text).ReplaceLineEndings(" ")}");
        }
    }
}

var lines = Report.Summarise(results);
var setup = Report.DirectLineSetup(lines);
Console.WriteLine();
Console.Write(Report.Table(lines));
Console.WriteLine();
Console.Write(Report.RatioTable(Report.Ratios(lines)));
if (setup is not null)
{
    Console.WriteLine();
    Console.WriteLine(setup);
}

Console.WriteLine($"replies matching no waiting message: {connector.Unmatched}");
if (options.JsonOut is not null)
{
    await File.WriteAllTextAsync(options.JsonOut, Report.Json(options, lines));
}

if (options.Readme is not null)
{
    await ReadmeSection.UpdateAsync(options.Readme, Report.Markdown(options, lines, setup));
}

return lines.Any(l => l.Turns == 0) ? 1 : 0;
