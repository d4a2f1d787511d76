using System.Diagnostics;
using System.Text.Json;

namespace SupportBot.IntegrationTests.Conformance;

/// <summary>
/// Runs tests/conformance/directline-conformance.mjs: the official botframework-directlinejs,
/// in Node, as one Web Chat session against a listening host.
/// </summary>
internal static class DirectLineJs
{
    private static string Folder => Path.Combine(TestServices.RepositoryRoot, "tests", "conformance");

    /// <summary>One session; the script's JSON result, which says whether the expected activities arrived.</summary>
    public static async Task<DirectLineJsSession> RunAsync(object spec, TimeSpan? timeout = null)
    {
        if (!Directory.Exists(Path.Combine(Folder, "node_modules", "botframework-directlinejs")))
        {
            throw new InvalidOperationException($"{Folder}/node_modules is missing: run scripts/install-test-deps.sh (npm ci there), as ./test.sh does.");
        }

        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = Folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add("directline-conformance.mjs");
        start.ArgumentList.Add(JsonSerializer.Serialize(spec, JsonSerializerOptions.Web));

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(45));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"directline-conformance.mjs did not finish: {await stderr}");
        }

        var output = (await stdout).Trim();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (line is null || !line.StartsWith('{'))
        {
            throw new InvalidOperationException($"directline-conformance.mjs exited {process.ExitCode} without a result (DirectLineJS stopped silently): {output} {await stderr}");
        }

        return new DirectLineJsSession(JsonDocument.Parse(line).RootElement.Clone(), await stderr);
    }
}

/// <summary>What one DirectLineJS session saw.</summary>
internal sealed record DirectLineJsSession(JsonElement Result, string Log)
{
    public bool Ok => Result.GetProperty("ok").GetBoolean();

    public string? Error => Result.GetProperty("error").GetString();

    public string ConversationId => Result.GetProperty("conversationId").GetString()!;

    public string Watermark => Result.GetProperty("watermark").GetString()!;

    public string? PostedId => Result.GetProperty("postedId").GetString();

    public string? RefreshedToken => Result.GetProperty("refreshedToken").GetString();

    public IReadOnlyList<JsonElement> Activities => [.. Result.GetProperty("activities").EnumerateArray()];

    public IReadOnlyList<string> Statuses => [.. Result.GetProperty("statuses").EnumerateArray().Select(s => s.GetString()!)];

    /// <summary>The session's result and log, for assertion messages.</summary>
    public override string ToString() => $"{Result} {Log}";
}
