using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace SupportBot.IntegrationTests.Fixtures;

/// <summary>
/// A PostgreSQL cluster of its own, for tests that stop and start the database under a running
/// host (the shared cluster of ./test.sh must stay up for everyone else).
/// </summary>
/// <param name="settings">Extra server settings, e.g. <c>-c wal_writer_delay=10s</c>.</param>
public sealed class ThrowawayCluster(string settings = "") : IAsyncLifetime
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "sb-cluster-" + Guid.NewGuid().ToString("N")[..8]);

    public int Port { get; } = FreePort();

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres;Database=postgres;Timeout=3;Command Timeout=5";

    private string DataDir => Path.Combine(root, "data");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(DataDir);
        Directory.CreateDirectory(Path.Combine(root, "socket"));
        if (IsRoot)
        {
            await RunAsync("chown", "-R", "postgres:postgres", root);
        }

        await RunAsync("chmod", "700", DataDir);
        await RunPostgresAsync("initdb", "-D", DataDir, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale");
        await StartAsync();
    }

    public Task StartAsync() => RunPostgresAsync(
        "pg_ctl", "-D", DataDir, "-l", Path.Combine(root, "log"), "-w", "-o",
        $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={Path.Combine(root, "socket")} -c fsync=off {settings}", "start");

    public Task StopAsync() => RunPostgresAsync("pg_ctl", "-D", DataDir, "-m", "immediate", "-w", "stop");

    public async Task DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }

        Directory.Delete(root, recursive: true);
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPostgresAsync(string tool, params string[] args)
    {
        var path = Path.Combine(TestServices.PostgresBin, tool);
        return IsRoot ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args]) : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {await stderr}{await stdout}");
        }
    }
}
