using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Inbox;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Hosting;
using Xunit.Abstractions;

namespace SupportBot.IntegrationTests.Inbox;

/// <summary>
/// A worker process as far as the inbox goes: Shared plus the inbox watcher, over a test
/// database and smtp4dev's IMAP (or a proxy in front of it), handing mail to a recording handler.
/// </summary>
internal sealed class InboxWorker : IAsyncDisposable
{
    private readonly IHost host;
    private int disposed;

    private InboxWorker(IHost host, RecordingMailHandler handler)
    {
        this.host = host;
        Handler = handler;
    }

    public RecordingMailHandler Handler { get; }

    public IServiceProvider Services => host.Services;

    /// <summary>Fast settings, so a test waits for milliseconds where production waits for seconds.</summary>
    public static Dictionary<string, string?> FastSettings(string connectionString, int? imapPort = null)
    {
        var settings = TestServices.HostSettings(connectionString);
        settings["Imap:Port"] = (imapPort ?? TestServices.ImapPort).ToString(CultureInfo.InvariantCulture);
        settings["Inbox:HeartbeatInterval"] = "00:00:00.200";
        settings["Inbox:PollInterval"] = "00:00:00.200";
        settings["Inbox:ReconnectDelay"] = "00:00:00.100";
        settings["Inbox:MaxReconnectDelay"] = "00:00:00.800";
        settings["Inbox:LockRetryInterval"] = "00:00:00.300";
        return settings;
    }

    public static async Task<InboxWorker> StartAsync(
        Dictionary<string, string?> settings, ITestOutputHelper output, string name, RecordingMailHandler? handler = null,
        Action<IServiceCollection>? services = null)
    {
        handler ??= new RecordingMailHandler();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Development" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.AddProvider(new TestOutputLogger(output, name));
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.AddSupportBotShared();
        builder.AddSupportBotInbox();
        builder.Services.AddSingleton<IInboundMailHandler>(handler);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new InboxWorker(host, handler);
    }

    /// <summary>The watcher has recorded a position, so mail sent from now on has a higher UID.</summary>
    public static async Task WaitUntilPositionedAsync(NpgsqlDataSource db, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            await using var command = db.CreateCommand("SELECT count(*) FROM supportbot.inbox_state");
            if ((long)(await command.ExecuteScalarAsync())! > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException("The inbox watcher recorded no position in supportbot.inbox_state.");
    }

    public static async Task<long> LastUidAsync(NpgsqlDataSource db)
    {
        await using var command = db.CreateCommand("SELECT last_uid FROM supportbot.inbox_state");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync()
    {
        // A test may stop a worker itself (a crash, a restart) before the using block ends.
        if (Interlocked.Exchange(ref disposed, 1) == 1)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }

    private sealed class TestOutputLogger(ITestOutputHelper output, string name) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("SupportBot", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            try
            {
                output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} [{name}] {logLevel}: {formatter(state, exception)}{(exception is null ? "" : " | " + exception.GetType().Name + ": " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; its output is closed.
            }
        }

        public void Dispose()
        {
        }
    }
}
