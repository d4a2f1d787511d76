using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace SupportBot.BrowserTests.Teams;

/// <summary>
/// Microsoft 365 Agents Playground (npm @microsoft/m365agentsplayground, installed in
/// tests/playground by scripts/install-test-deps.sh): Microsoft's Teams emulator, started against
/// the bot's /api/messages on a free port and opened in Chromium like Teams' web client. It sends
/// Teams-shaped activities without a token, so the bot must run in Development with
/// Bot:AllowUnauthenticated (<see cref="BotSettings"/>); its mock Connector (the activities'
/// serviceUrl) takes the replies and answers the member lookups from the
/// .m365agentsplayground.yml written here, whose current user is the learner the test plays.
/// </summary>
public sealed class AgentsPlayground : IAsyncDisposable
{
    /// <summary>The Entra tenant of the course in the Playground's Teams (a GUID, as Teams sends them).</summary>
    public const string TenantId = "5b1c9a43-6d2e-4f7a-9c1b-2f3e4d5a6b7c";

    public const string TeamName = "Licence à distance";
    public const string ChannelName = "Module 2";

    private static readonly string CliPath = Path.Combine(TestServices.RepositoryRoot, "tests", "playground", "node_modules", "@microsoft", "m365agentsplayground", "cli.js");

    private readonly Process process;
    private readonly string folder;
    private readonly StringBuilder output = new();

    private AgentsPlayground(Process process, string folder, Uri address)
    {
        this.process = process;
        this.folder = folder;
        Address = address;
    }

    /// <summary>The Playground's web page (and mock Connector) at 127.0.0.1.</summary>
    public Uri Address { get; }

    /// <summary>What the Playground printed: a failed test shows it.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>
    /// The host settings that let the Playground in: Development (BotHost's environment) with no app id,
    /// unauthenticated activities allowed, and the Playground's tenant allowed.
    /// </summary>
    public static Dictionary<string, string?> BotSettings() => new()
    {
        ["Bot:MicrosoftAppId"] = "",
        ["Bot:AllowUnauthenticated"] = "true",
        ["Bot:AllowedTenants:0"] = TenantId,
    };

    /// <summary>Starts the Playground for <paramref name="bot"/>'s /api/messages, with <paramref name="user"/> as the Teams user.</summary>
    public static async Task<AgentsPlayground> StartAsync(Uri bot, PlaygroundUser user)
    {
        if (!File.Exists(CliPath))
        {
            throw new InvalidOperationException($"{CliPath} is missing: run scripts/install-test-deps.sh (npm ci in tests/playground), as ./test.sh does.");
        }

        var folder = Directory.CreateTempSubdirectory("supportbot-playground-").FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, ".m365agentsplayground.yml"), Config(user));
        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { CliPath, "-e", new Uri(bot, "api/messages").AbsoluteUri, "-c", "msteams", "-p", port.ToString(CultureInfo.InvariantCulture), "--dt" })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["BROWSER"] = "none";
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var playground = new AgentsPlayground(process, folder, new Uri($"http://127.0.0.1:{port}/"));
        process.OutputDataReceived += (_, e) => playground.Append(e.Data);
        process.ErrorDataReceived += (_, e) => playground.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await playground.WaitUntilListeningAsync(port);
        }
        catch
        {
            await playground.DisposeAsync();
            throw;
        }

        return playground;
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private async Task WaitUntilListeningAsync(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            // The Playground checks its configuration after it starts listening and exits on a bad one: give it that moment.
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Agents Playground exited with code {process.ExitCode}:\n{Output}");
            }

            if (Output.Contains("Listening", StringComparison.Ordinal) && await AcceptsAsync(port))
            {
                await Task.Delay(500);
                if (!process.HasExited)
                {
                    return;
                }

                continue;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The Agents Playground did not listen on port {port} within 30 s:\n{Output}");
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// The Playground's configuration (version 0.1.1: every field required, exactly five other users):
    /// the tenant, the bot, the learner as current user, a personal chat, a group chat and a team with a channel.
    /// </summary>
    private static string Config(PlaygroundUser user)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine(CultureInfo.InvariantCulture, $"""
            version: "0.1.1"
            tenantId: {TenantId}
            bot:
              id: 28:supportbot-playground
              name: SupportBot
            currentUser:
            {User(user, "  ")}
            users:
            """);
        for (var i = 1; i <= 5; i++)
        {
            var other = new PlaygroundUser($"Classmate {i}", $"classmate{i}.{Guid.NewGuid():N}@example.test");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - {User(other, "    ").TrimStart()}");
        }

        yaml.AppendLine(CultureInfo.InvariantCulture, $"""
            personalChat:
              id: personal-{Guid.NewGuid():N}
            groupChat:
              id: group-{Guid.NewGuid():N}
              name: Study group
            team:
              id: 19:team-{Guid.NewGuid():N}@thread.tacv2
              name: {TeamName}
              aadGroupId: {Guid.NewGuid()}
              channels:
                - id: 19:channel-{Guid.NewGuid():N}@thread.tacv2
                  name: {ChannelName}
            """);
        return yaml.ToString();
    }

    private static string User(PlaygroundUser user, string indent)
    {
        var (given, surname) = user.Name.Split(' ', 2) is [var g, var s] ? (g, s) : (user.Name, "");
        // Quoted: names carry accents and e-mail addresses a '+'; YAML keeps double-quoted strings as written.
        return string.Join('\n', new[]
        {
            $"id: {user.UserId}",
            $"name: \"{user.Name}\"",
            $"userPrincipleName: \"{user.Email}\"",
            $"aadObjectId: {user.AadObjectId}",
            $"givenName: \"{given}\"",
            $"surname: \"{surname}\"",
            $"email: \"{user.Email}\"",
        }.Select(line => indent + line));
    }
}

/// <summary>A Teams user of the Playground (which always sends locale en-US): a fresh Entra object id and Teams user id unless given.</summary>
public sealed record PlaygroundUser(string Name, string Email)
{
    public string AadObjectId { get; init; } = Guid.NewGuid().ToString();

    public string UserId { get; init; } = "29:" + Guid.NewGuid().ToString("N");
}
