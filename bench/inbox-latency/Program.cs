using System.Globalization;
using SupportBot.Bench.InboxLatency;

// Time from handing a message to the mail server until the inbox watcher calls the handler, for
// IDLE (with and without the NOOP heartbeat) and for polling, against smtp4dev and Dovecot.
// Settings come from the environment; ../run-inbox-latency.sh starts the servers and sets them.
var env = new BenchEnvironment(
    PostgresConnectionString: Require("BENCH_PG"),
    Smtp4devSmtpPort: RequirePort("BENCH_SMTP4DEV_SMTP"),
    Smtp4devImapPort: RequirePort("BENCH_SMTP4DEV_IMAP"),
    DovecotImapPort: RequirePort("BENCH_DOVECOT_IMAP"),
    Messages: int.Parse(Environment.GetEnvironmentVariable("BENCH_MESSAGES") ?? "200", CultureInfo.InvariantCulture));
var only = Environment.GetEnvironmentVariable("BENCH_SCENARIOS")?.Split(',', StringSplitOptions.RemoveEmptyEntries);

var results = new List<ScenarioResult>();
foreach (var scenario in Scenario.All.Where(s => only is null || only.Contains(s.Name)))
{
    Console.WriteLine($"==> {scenario.Name}: {scenario.Description}");
    var result = await new LatencyRun(env, scenario).RunAsync();
    Console.WriteLine($"    {result.Latencies.Count}/{env.Messages} handed over, p50 {result.P50.TotalMilliseconds:F0} ms, p99 {result.P99.TotalMilliseconds:F0} ms");
    results.Add(result);
}

var report = Report.Markdown(results, env.Messages);
Console.WriteLine();
Console.WriteLine(report);
if (Environment.GetEnvironmentVariable("BENCH_OUT") is { Length: > 0 } path)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, report);
}

return results.All(r => r.Latencies.Count == env.Messages) ? 0 : 1;

static string Require(string name) =>
    Environment.GetEnvironmentVariable(name) ?? throw new InvalidOperationException($"{name} is not set: run bench/run-inbox-latency.sh");

static int RequirePort(string name) => int.Parse(Require(name), CultureInfo.InvariantCulture);
