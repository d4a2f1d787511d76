using System.Globalization;

namespace SupportBot.Bench.Channels;

/// <summary>
/// CPU seconds (user + system) of watched processes and all their descendants, from /proc: on a
/// shared, noisy machine, CPU per turn says more about cost than wall-clock time does.
/// </summary>
internal sealed class ProcessCpu(IReadOnlyList<WatchedProcess> watched)
{
    // USER_HZ: 100 on every Linux kernel this bench runs on.
    private const double TicksPerSecond = 100.0;

    public IReadOnlyDictionary<string, double> Snapshot()
    {
        var snapshot = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["loadgen"] = ReadOwn(),
        };
        if (watched.Count == 0)
        {
            return snapshot;
        }

        var all = ReadAll();
        foreach (var process in watched)
        {
            var pids = new HashSet<int> { process.Pid };
            bool grew;
            do
            {
                grew = false;
                foreach (var (pid, stat) in all)
                {
                    if (!pids.Contains(pid) && pids.Contains(stat.ParentPid))
                    {
                        grew |= pids.Add(pid);
                    }
                }
            }
            while (grew);

            snapshot[process.Name] = pids.Sum(p => all.TryGetValue(p, out var s) ? s.CpuSeconds : 0);
        }

        return snapshot;
    }

    public static IReadOnlyDictionary<string, double> Difference(IReadOnlyDictionary<string, double> before, IReadOnlyDictionary<string, double> after) =>
        after.ToDictionary(kv => kv.Key, kv => kv.Value - (before.TryGetValue(kv.Key, out var b) ? b : 0), StringComparer.Ordinal);

    private static double ReadOwn() => Environment.ProcessId is var pid && TryRead(pid, out var stat) ? stat.CpuSeconds : 0;

    private static Dictionary<int, ProcStat> ReadAll()
    {
        var all = new Dictionary<int, ProcStat>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && TryRead(pid, out var stat))
            {
                all[pid] = stat;
            }
        }

        return all;
    }

    private static bool TryRead(int pid, out ProcStat stat)
    {
        stat = default;
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }

        // The command name (field 2) may hold spaces: fields are counted after its closing parenthesis.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        stat = new ProcStat(parent, (user + system) / TicksPerSecond);
        return true;
    }

    private readonly record struct ProcStat(int ParentPid, double CpuSeconds);
}
