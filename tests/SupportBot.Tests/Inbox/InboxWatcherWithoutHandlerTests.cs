using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SupportBot.Jobs.Inbox;
using SupportBot.Shared.Email;

namespace SupportBot.Tests.Inbox;

public sealed class InboxWatcherWithoutHandlerTests
{
    [Fact]
    public async Task Without_a_handler_the_watcher_says_so_and_touches_neither_database_nor_mailbox()
    {
        var logs = new ConcurrentQueue<string>();
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Imap:Host"] = "127.0.0.1", ["Imap:UserName"] = "support" });
        builder.Logging.AddProvider(new QueueLogger(logs));
        // Nothing listens on port 1: any attempt to use the database would be logged as a failure.
        await using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Timeout=1");
        builder.Services.AddSingleton(dataSource);
        builder.Services.AddOptions<ImapOptions>().BindConfiguration(ImapOptions.SectionName);
        builder.AddSupportBotInbox();
        using var host = builder.Build();

        await host.StartAsync();
        await Task.Delay(300);
        await host.StopAsync();

        Assert.Equal(["No IInboundMailHandler is registered: the inbox is not watched, so nothing is read and no position moves"], logs);
    }

    private sealed class QueueLogger(ConcurrentQueue<string> logs) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => categoryName.StartsWith("SupportBot", StringComparison.Ordinal) ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs.Enqueue(formatter(state, exception));

        public void Dispose()
        {
        }
    }
}
