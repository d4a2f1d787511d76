using System.Diagnostics;
using SupportBot.IntegrationTests.Fixtures;

namespace SupportBot.IntegrationTests.Foundation;

/// <summary>The real bot process, started as an operator would, with a bad setting.</summary>
public sealed class HostStartupTests
{
    [Fact]
    public async Task Host_refuses_to_start_without_a_connection_string_and_names_the_setting()
    {
        var settings = TestServices.HostSettings("");
        settings.Remove("Database:ConnectionString");

        var (exitCode, stderr) = await RunBotAsync(settings);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("Database:ConnectionString", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_refuses_an_out_of_range_port_and_names_the_setting()
    {
        var settings = TestServices.HostSettings(TestServices.PostgresAdmin);
        settings["Smtp:Port"] = "99999";

        var (exitCode, stderr) = await RunBotAsync(settings);

        Assert.Equal(2, exitCode);
        Assert.Contains("Smtp:Port", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Host_refuses_an_lti_platform_whose_keyset_is_not_https_and_names_the_setting()
    {
        var settings = TestServices.HostSettings(TestServices.PostgresAdmin);
        settings["Lti:Platforms:0:Name"] = "moodle-univ";
        settings["Lti:Platforms:0:Issuer"] = "https://moodle.univ.example";
        settings["Lti:Platforms:0:ClientId"] = "KzYp4bW2sVq9tR1";
        settings["Lti:Platforms:0:DeploymentIds:0"] = "3";
        settings["Lti:Platforms:0:AuthenticationRequestUrl"] = "https://moodle.univ.example/mod/lti/auth.php";
        settings["Lti:Platforms:0:KeySetUrl"] = "http://moodle.univ.example/mod/lti/certs.php";
        settings["Lti:Platforms:0:Course"] = "licence-2026";

        var (exitCode, stderr) = await RunBotAsync(settings);

        Assert.Equal(2, exitCode);
        Assert.Contains("Lti:Platforms:0:KeySetUrl must be an https URL", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Stderr)> RunBotAsync(Dictionary<string, string?> settings)
    {
        var dll = Path.Combine(AppContext.BaseDirectory, "SupportBot.Bot.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add("http://127.0.0.1:0");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var inherited in start.Environment.Keys.Where(k => k.StartsWith("SUPPORTBOT__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in settings)
        {
            start.Environment["SUPPORTBOT__" + key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        _ = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("The bot started instead of refusing its settings.");
        }

        return (process.ExitCode, await stderr);
    }
}
