using System.Diagnostics;
using System.Globalization;
using SupportBot.Bench.StudyGroups;
using SupportBot.Shared.StudyGroups;
using SupportBot.Shared.StudyGroups.Matching;

// StudyGroupMatcher against a first-fit baseline on the same synthetic module, in one run.
// Usage: SupportBot.Bench.StudyGroups [--learners 5000] [--seed 8] [--runs 9] [--out bench/results/studygroups.md]
var options = args.Chunk(2).Where(p => p.Length == 2).ToDictionary(p => p[0].TrimStart('-'), p => p[1], StringComparer.Ordinal);
int IntArg(string name, int fallback) => options.TryGetValue(name, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;
var count = IntArg("learners", 5_000);
var seed = IntArg("seed", 8);
var runs = IntArg("runs", 9);
var week = new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero);
var rules = new MatchRules();
const double TargetMs = 2_000;

var learners = SyntheticModule.Generate(count, seed);
var report = new StringWriter(CultureInfo.InvariantCulture);
report.WriteLine(Invariant($"Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} CPUs, load average {LoadAverage()}, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}."));
report.WriteLine(Invariant($"Module: {count:N0} opted-in learners (seed {seed}), {learners.Count(l => l.Language == "fr"):N0} fr / {learners.Count(l => l.Language == "en"):N0} en, week of {week:yyyy-MM-dd} (UTC), at least {rules.MinSharedMinutes} min shared; {runs} timed runs each after one cold run, alternating."));
report.WriteLine();

var (coldBaseline, _) = Time(() => FirstFitBaseline.Match(learners, week, rules), out var baseline);
var (coldOurs, _) = Time(() => StudyGroupMatcher.Match(learners, week, rules), out var ours);
var baselineTimes = new List<double>();
var ourTimes = new List<double>();
var baselineCpu = new List<double>();
var ourCpu = new List<double>();
for (var run = 0; run < runs; run++)
{
    var (wall, cpu) = Time(() => FirstFitBaseline.Match(learners, week, rules), out _);
    baselineTimes.Add(wall);
    baselineCpu.Add(cpu);
    (wall, cpu) = Time(() => StudyGroupMatcher.Match(learners, week, rules), out var again);
    ourTimes.Add(wall);
    ourCpu.Add(cpu);
    if (Describe(again) != Describe(ours))
    {
        Console.Error.WriteLine("StudyGroupMatcher gave a different answer on the same input");
        return 1;
    }
}

var violations = Violations(learners, ours, rules).Concat(Violations(learners, baseline, rules)).ToList();
var b = Measure(baseline);
var o = Measure(ours);
report.WriteLine("| measure | first fit (baseline) | StudyGroupMatcher | ours / baseline |");
report.WriteLine("| --- | ---: | ---: | ---: |");
report.WriteLine(Invariant($"| learners placed | {b.Placed:N0} ({b.Placed / (double)count:P1}) | {o.Placed:N0} ({o.Placed / (double)count:P1}) | **{o.Placed / (double)b.Placed:F2}** |"));
report.WriteLine(Invariant($"| groups (mean size) | {b.Groups:N0} ({b.MeanSize:F2}) | {o.Groups:N0} ({o.MeanSize:F2}) | {o.Groups / (double)b.Groups:F2} |"));
report.WriteLine(Invariant($"| mean shared hours per group per week | {b.HoursPerGroup:F2} | {o.HoursPerGroup:F2} | **{o.HoursPerGroup / b.HoursPerGroup:F2}** |"));
report.WriteLine(Invariant($"| mean shared hours per placed learner | {b.HoursPerLearner:F2} | {o.HoursPerLearner:F2} | {o.HoursPerLearner / b.HoursPerLearner:F2} |"));
report.WriteLine(Invariant($"| learner-hours per week (placed × their group's hours) | {b.LearnerHours:N0} | {o.LearnerHours:N0} | {o.LearnerHours / b.LearnerHours:F2} |"));
report.WriteLine(Invariant($"| time, median of {runs} | {Median(baselineTimes):F0} ms | {Median(ourTimes):F0} ms | {Median(ourTimes) / Median(baselineTimes):F2} |"));
report.WriteLine(Invariant($"| time, max of {runs} | {baselineTimes.Max():F0} ms | {ourTimes.Max():F0} ms | {ourTimes.Max() / baselineTimes.Max():F2} |"));
report.WriteLine(Invariant($"| CPU time (process), median of {runs} | {Median(baselineCpu):F0} ms | {Median(ourCpu):F0} ms | {Median(ourCpu) / Median(baselineCpu):F2} |"));
report.WriteLine(Invariant($"| time, first (cold) run | {coldBaseline:F0} ms | {coldOurs:F0} ms | {coldOurs / coldBaseline:F2} |"));
report.WriteLine(Invariant($"| StudyGroupMatcher max against the 2 s target | | {ourTimes.Max() / TargetMs:P0} of it | |"));
report.WriteLine();
report.WriteLine("| time zone | learners | placed, first fit | placed, StudyGroupMatcher |");
report.WriteLine("| --- | ---: | ---: | ---: |");
foreach (var zone in learners.GroupBy(l => l.TimeZone).OrderByDescending(z => z.Count()))
{
    var ids = zone.Select(l => l.PersonId).ToHashSet();
    var placedBaseline = baseline.Groups.Sum(g => g.Members.Count(ids.Contains));
    var placedOurs = ours.Groups.Sum(g => g.Members.Count(ids.Contains));
    report.WriteLine(Invariant($"| {zone.Key} | {ids.Count:N0} | {placedBaseline / (double)ids.Count:P1} | {placedOurs / (double)ids.Count:P1} |"));
}

report.WriteLine();
report.WriteLine(violations.Count == 0 ? "Every group of both checked: one language, 3-6 members, size within one of each wish, >= 60 min shared in UTC." : $"RULES BROKEN: {string.Join("; ", violations.Take(5))}");

var text = report.ToString();
Console.Write(text);
if (options.TryGetValue("out", out var path))
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    await File.WriteAllTextAsync(path, text);
}

return violations.Count == 0 ? 0 : 1;

// Wall time, and the process's CPU time (steadier than wall time when the machine is shared).
static (double WallMs, double CpuMs) Time(Func<MatchOutcome> match, out MatchOutcome outcome)
{
    GC.Collect();
    GC.WaitForPendingFinalizers();
    using var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    var start = Stopwatch.GetTimestamp();
    outcome = match();
    var wall = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
    process.Refresh();
    return (wall, (process.TotalProcessorTime - cpu).TotalMilliseconds);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static (int Placed, int Groups, double MeanSize, double HoursPerGroup, double HoursPerLearner, double LearnerHours) Measure(MatchOutcome outcome)
{
    var placed = outcome.Groups.Sum(g => g.Members.Count);
    var learnerHours = outcome.Groups.Sum(g => g.Members.Count * g.SharedHoursPerWeek);
    var groups = outcome.Groups.Count;
    return (placed, groups, placed / (double)groups, outcome.Groups.Average(g => g.SharedHoursPerWeek), learnerHours / placed, learnerHours);
}

static IEnumerable<string> Violations(List<GroupCandidate> learners, MatchOutcome outcome, MatchRules rules)
{
    var byId = learners.ToDictionary(l => l.PersonId);
    var seen = new HashSet<Guid>();
    foreach (var id in outcome.Groups.SelectMany(g => g.Members).Concat(outcome.LeftOver))
    {
        if (!seen.Add(id))
        {
            yield return $"{id} appears twice";
        }
    }

    if (seen.Count != learners.Count)
    {
        yield return $"{learners.Count - seen.Count} learners missing";
    }

    foreach (var group in outcome.Groups)
    {
        var members = group.Members.Select(id => byId[id]).ToList();
        if (members.Count is < 3 or > 6 || members.Any(m => Math.Abs(members.Count - m.GroupSize) > 1))
        {
            yield return $"group of {members.Count} with wishes {string.Join(',', members.Select(m => m.GroupSize))}";
        }

        if (members.Select(m => m.Language).Distinct().Count() != 1)
        {
            yield return "mixed languages";
        }

        var shared = members.Select(m => Minutes(WeekClock.ToUtc(m.Slots, m.TimeZone, new DateTimeOffset(2027, 1, 4, 0, 0, 0, TimeSpan.Zero))))
            .Aggregate((x, y) => { x.IntersectWith(y); return x; });
        if (shared.Count < rules.MinSharedMinutes || shared.Count != group.SharedTime.Sum(i => i.Minutes))
        {
            yield return $"group shares {shared.Count} min, reports {group.SharedTime.Sum(i => i.Minutes)}";
        }
    }
}

static HashSet<int> Minutes(IReadOnlyList<UtcWeekInterval> intervals) => [.. intervals.SelectMany(i => Enumerable.Range(i.FromMinute, i.Minutes))];

static string Describe(MatchOutcome outcome) =>
    string.Join(';', outcome.Groups.Select(g => string.Join(',', g.Members))) + '|' + string.Join(',', outcome.LeftOver);

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
