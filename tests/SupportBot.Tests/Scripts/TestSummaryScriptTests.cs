using System.Diagnostics;
using SupportBot.Testing;

namespace SupportBot.Tests.Scripts;

/// <summary>
/// The closing line of <c>./test.sh</c>, which CI reads, under every awk this machine has: with gawk as the machine's awk
/// (Debian installs it beside mawk as a dependency of other packages), the earlier summary looped until the kernel killed it
/// for memory, and CI saw no closing line.
/// </summary>
public sealed class TestSummaryScriptTests
{
    private const string Log = """
        Passed!  - Failed:     0, Passed:   966, Skipped:     0, Total:   966, Duration: 52 s - SupportBot.Tests.dll (net10.0)
        some build output, Passed: 99, not a result line
        Failed!  - Failed:     2, Passed:   320, Skipped:     1, Total:   323, Duration: 5 m 56 s - SupportBot.IntegrationTests.dll (net10.0)
        Passed!  - Failed:     0, Passed:    29, Skipped:     0, Total:    29, Duration: 3 m 29 s - SupportBot.BrowserTests.dll (net10.0)
        """;

    public static TheoryData<string> Awks() => [.. new[] { "/usr/bin/gawk", "/usr/bin/mawk", "/usr/bin/original-awk" }.Where(File.Exists)];

    [Theory]
    [MemberData(nameof(Awks))]
    public async Task The_summary_adds_every_assemblys_counts_and_the_script_tests(string awk)
    {
        var log = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(log, Log + "\n");
            var start = new ProcessStartInfo(awk) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var argument in new[] { "-v", "sp=5", "-v", "sf=1", "-f", Path.Combine(TestServices.RepositoryRoot, "scripts", "test-summary.awk"), log })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
                Assert.Fail($"{awk} did not finish the summary in 20 s");
            }

            Assert.Equal(0, process.ExitCode);
            Assert.Equal("1320 passed, 3 failed, 1 skipped", (await process.StandardOutput.ReadToEndAsync()).Trim());
        }
        finally
        {
            File.Delete(log);
        }
    }
}
