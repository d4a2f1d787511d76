using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using MailKit.Net.Imap;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;
using SupportBot.Jobs.Inbox;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Hosting;

namespace SupportBot.Bench.InboxLatency;

/// <summary>
/// One scenario: a worker host with the real inbox watcher, messages dropped at random intervals
/// (100-400 ms apart, as replies trickle in), and the time each took to reach the handler.
/// </summary>
internal sealed class LatencyRun(BenchEnvironment env, Scenario scenario)
{
    private static readonly LogLevel LogLevel =
        Enum.TryParse<LogLevel>(Environment.GetEnvironmentVariable("BENCH_LOG"), out var level) ? level : LogLevel.Warning;

    public async Task<ScenarioResult> RunAsync()
    {
        var arrivals = new ArrivalRecorder();
        using var host = BuildHost(arrivals);
        await host.StartAsync();
        try
        {
            await using var dropper = await MailDropper.ConnectAsync(scenario.Server, env);
            var runId = Guid.NewGuid().ToString("N")[..8];

            // Also waits out the watcher's start (connect, resume position) and the JIT.
            var warmUp = $"bench {scenario.Name} {runId} warm-up";
            await dropper.DropAsync(warmUp);
            if (!await arrivals.WaitForAsync([warmUp], Scenario.PollInterval * 2 + TimeSpan.FromSeconds(30)))
            {
                throw new TimeoutException($"{scenario.Name}: the warm-up message never reached the handler");
            }

            var random = new Random(20261125);
            var sent = new Dictionary<string, long>();
            for (var i = 1; i <= env.Messages; i++)
            {
                var subject = $"bench {scenario.Name} {runId} {i}";
                sent[subject] = Stopwatch.GetTimestamp();
                if (LogLevel <= LogLevel.Debug)
                {
                    Console.WriteLine($"{DateTime.Now:HH:mm:ss.fff} sending {subject}");
                }

                await dropper.DropAsync(subject);
                await Task.Delay(random.Next(100, 400));
            }

            await arrivals.WaitForAsync(sent.Keys, Scenario.PollInterval + TimeSpan.FromSeconds(60));
            var latencies = sent
                .Where(s => arrivals.TryGet(s.Key, out _))
                .Select(s => { arrivals.TryGet(s.Key, out var at); return Stopwatch.GetElapsedTime(s.Value, at); })
                .ToList();
            return new ScenarioResult(scenario, latencies, env.Messages);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    private IHost BuildHost(ArrivalRecorder arrivals)
    {
        var port = scenario.Server == MailServer.Smtp4dev ? env.Smtp4devImapPort : env.DovecotImapPort;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:ConnectionString"] = env.PostgresConnectionString,
            ["Database:MigrateOnStart"] = "true",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = env.Smtp4devSmtpPort.ToString(CultureInfo.InvariantCulture),
            ["Smtp:Security"] = "None",
            ["Smtp:FromAddress"] = "support@example.test",
            ["Imap:Host"] = "127.0.0.1",
            ["Imap:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Imap:Security"] = "None",
            ["Imap:UserName"] = "support",
            ["Imap:Password"] = "support",
            ["Inbox:UseIdle"] = scenario.UseIdle ? "true" : "false",
            ["Inbox:HeartbeatInterval"] = scenario.Heartbeat.ToString("c", CultureInfo.InvariantCulture),
            ["Inbox:PollInterval"] = Scenario.PollInterval.ToString("c", CultureInfo.InvariantCulture),
            ["Inbox:LockRetryInterval"] = "00:00:01",
            ["DirectLine:TokenSigningKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
            ["LearnerLinks:SigningKey"] = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)),
        });
        // BENCH_LOG=Information shows each hand-over with a timestamp, to see where time goes.
        builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss.fff "; }).SetMinimumLevel(LogLevel);
        builder.AddSupportBotShared();
        builder.AddSupportBotInbox();
        builder.Services.AddSingleton<IInboundMailHandler>(arrivals);
        return builder.Build();
    }
}

/// <summary>The handler under measurement: notes when each subject first arrived, nothing else.</summary>
internal sealed class ArrivalRecorder : IInboundMailHandler
{
    private readonly ConcurrentDictionary<string, long> arrivals = new();

    public Task HandleAsync(MimeMessage message, CancellationToken ct)
    {
        arrivals.TryAdd(message.Subject ?? "", Stopwatch.GetTimestamp());
        return Task.CompletedTask;
    }

    public bool TryGet(string subject, out long at) => arrivals.TryGetValue(subject, out at);

    public async Task<bool> WaitForAsync(IEnumerable<string> subjects, TimeSpan timeout)
    {
        var wanted = subjects.ToList();
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (wanted.All(arrivals.ContainsKey))
            {
                return true;
            }

            await Task.Delay(20);
        }

        return false;
    }
}

/// <summary>Puts a message in the watched mailbox: by SMTP into smtp4dev, by IMAP APPEND into Dovecot.</summary>
internal sealed class MailDropper : IAsyncDisposable
{
    private readonly SmtpClient? smtp;
    private readonly ImapClient? imap;

    private MailDropper(SmtpClient? smtp, ImapClient? imap)
    {
        this.smtp = smtp;
        this.imap = imap;
    }

    public static async Task<MailDropper> ConnectAsync(MailServer server, BenchEnvironment env)
    {
        if (server == MailServer.Smtp4dev)
        {
            var smtp = new SmtpClient();
            await smtp.ConnectAsync("127.0.0.1", env.Smtp4devSmtpPort, SecureSocketOptions.None);
            return new MailDropper(smtp, null);
        }

        var imap = new ImapClient();
        await imap.ConnectAsync("127.0.0.1", env.DovecotImapPort, SecureSocketOptions.None);
        await imap.AuthenticateAsync("support", "support");
        return new MailDropper(null, imap);
    }

    public async Task DropAsync(string subject)
    {
        var message = new MimeMessage();
        message.From.Add(new MailboxAddress("Peer", "peer@example.test"));
        message.To.Add(MailboxAddress.Parse("support+q.bench@example.test"));
        message.Subject = subject;
        message.MessageId = MimeKit.Utils.MimeUtils.GenerateMessageId("bench.example.test");
        message.Body = new TextPart("plain") { Text = "Try restarting the notebook kernel." };
        if (smtp is not null)
        {
            await smtp.SendAsync(message);
        }
        else
        {
            await imap!.Inbox.AppendAsync(new MailKit.AppendRequest(message));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (smtp is not null)
        {
            await smtp.DisconnectAsync(true);
            smtp.Dispose();
        }

        if (imap is not null)
        {
            await imap.DisconnectAsync(true);
            imap.Dispose();
        }
    }
}
