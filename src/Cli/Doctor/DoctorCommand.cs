using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;

namespace SupportBot.Cli.Doctor;

internal static class DoctorCommand
{
    public static Command Create()
    {
        var doctor = new Command("doctor", "Check the production settings: database, mail servers, bot token, public URL, keys, Teams tenants (exit 1 on any failure)");
        doctor.SetAction((parse, ct) => CliHost.RunAsync(parse, (services, token) =>
            RunAsync(services, parse.InvocationConfiguration.Output, token), ct, needsDatabase: false));
        return doctor;
    }

    /// <summary>One line per check; what to fix follows a failed one.</summary>
    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, CancellationToken ct)
    {
        var checks = new DoctorChecks(services, services.GetRequiredService<IHttpClientFactory>());
        var results = await checks.RunAsync(ct);
        foreach (var result in results)
        {
            await output.WriteLineAsync(result.Passed
                ? $"ok    {result.Check}: {result.Finding}"
                : $"FAIL  {result.Check}: {result.Finding} -> {result.Fix}");
        }

        var failed = results.Count(r => !r.Passed);
        await output.WriteLineAsync(failed == 0 ? "All checks passed." : $"{failed} of {results.Count} checks failed.");
        return failed == 0 ? 0 : 1;
    }
}
