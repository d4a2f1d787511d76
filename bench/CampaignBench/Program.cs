using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace SupportBot.CampaignBench;

/// <summary>
/// campaign-bench sink PORT LOG      an SMTP sink: appends "unix-ms recipient message-id" to LOG before it answers 250
/// campaign-bench raw PORT COUNT     a plain MailKit loop over one connection into the sink; prints messages/s
/// campaign-bench count LOG EXPECTED the drill's verdict: "N delivered, D duplicates, M missing" (exit 1 unless exact)
/// campaign-bench rate LOG           messages/s between the first and the last message in LOG
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["sink", var port, var log]:
                await Sink.RunAsync(int.Parse(port, CultureInfo.InvariantCulture), log);
                return 0;
            case ["raw", var port, var count]:
                return await RawLoopAsync(int.Parse(port, CultureInfo.InvariantCulture), int.Parse(count, CultureInfo.InvariantCulture));
            case ["count", var log, var expected]:
                return Count(log, int.Parse(expected, CultureInfo.InvariantCulture));
            case ["rate", var log]:
                return Rate(log);
            default:
                await Console.Error.WriteLineAsync("usage: campaign-bench sink PORT LOG | raw PORT COUNT | count LOG EXPECTED | rate LOG");
                return 2;
        }
    }

    private static async Task<int> RawLoopAsync(int port, int count)
    {
        using var client = new SmtpClient();
        await client.ConnectAsync("127.0.0.1", port, SecureSocketOptions.None);
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var message = new MimeMessage { Subject = "raw " + i, MessageId = $"raw.{i}@bench.test" };
            message.From.Add(new MailboxAddress("Bench", "support@bench.test"));
            message.To.Add(new MailboxAddress("", $"raw{i}@d{i % 20}.bench.test"));
            message.Body = new TextPart("plain") { Text = "Bonjour, un petit mot d'encouragement pour la suite du module.\n" };
            await client.SendAsync(message);
        }

        var rate = count / watch.Elapsed.TotalSeconds;
        await client.DisconnectAsync(true);
        Console.WriteLine(rate.ToString("F0", CultureInfo.InvariantCulture));
        return 0;
    }

    private static IEnumerable<(long At, string To, string MessageId)> Read(string log) =>
        File.ReadLines(log).Select(l => l.Split(' ')).Where(p => p.Length == 3)
            .Select(p => (long.Parse(p[0], CultureInfo.InvariantCulture), p[1].ToLowerInvariant(), p[2]));

    private static int Count(string log, int expected)
    {
        var byRecipient = new Dictionary<string, HashSet<string>>();
        var received = 0;
        foreach (var (_, to, id) in Read(log).Where(m => !m.To.StartsWith("raw", StringComparison.Ordinal)))
        {
            received++;
            if (!byRecipient.TryGetValue(to, out var ids))
            {
                byRecipient[to] = ids = [];
            }

            ids.Add(id);
        }

        var delivered = byRecipient.Count;
        // A duplicate is a second, different message to the same learner: what they would see twice.
        var duplicates = byRecipient.Values.Sum(ids => ids.Count - 1);
        var resent = received - byRecipient.Values.Sum(ids => ids.Count);
        var missing = Math.Max(0, expected - delivered);
        Console.WriteLine($"(received {received} SMTP transactions; {resent} resent with the same Message-ID after a crash, which mail clients show once)");
        Console.WriteLine($"{delivered} delivered, {duplicates} duplicates, {missing} missing");
        return delivered == expected && duplicates == 0 ? 0 : 1;
    }

    private static int Rate(string log)
    {
        var times = Read(log).Where(m => !m.To.StartsWith("raw", StringComparison.Ordinal)).Select(m => m.At).ToList();
        if (times.Count < 2)
        {
            Console.WriteLine("0");
            return 1;
        }

        Console.WriteLine((times.Count / ((times.Max() - times.Min()) / 1000.0)).ToString("F0", CultureInfo.InvariantCulture));
        return 0;
    }
}

/// <summary>
/// Just enough SMTP (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT, PIPELINING) to accept mail from
/// MailKit. Each accepted message is written and flushed to the log before the 250 reply, like an
/// MTA that queues to disk before acknowledging.
/// </summary>
internal static class Sink
{
    private static readonly Lock LogLock = new();

    public static async Task RunAsync(int port, string logPath)
    {
        await using var log = new FileStream(logPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        listener.Start(512);
        Console.WriteLine($"sink listening on {port}");
        while (true)
        {
            var client = await listener.AcceptTcpClientAsync();
            _ = Task.Run(() => ServeAsync(client, log));
        }
    }

    private static async Task ServeAsync(TcpClient client, FileStream log)
    {
        using var _ = client;
        client.NoDelay = true;
        var stream = client.GetStream();
        var reader = new StreamReader(stream, Encoding.Latin1, false, 65536);
        var writer = new StreamWriter(stream, Encoding.ASCII, 4096) { NewLine = "\r\n", AutoFlush = false };
        var recipients = new List<string>();
        try
        {
            await writer.WriteLineAsync("220 sink ESMTP");
            await writer.FlushAsync();
            while (await reader.ReadLineAsync() is { } line)
            {
                var verb = line.Length >= 4 ? line[..4].ToUpperInvariant() : line.ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        await writer.WriteLineAsync("250-sink");
                        await writer.WriteLineAsync("250-PIPELINING");
                        await writer.WriteLineAsync("250-8BITMIME");
                        await writer.WriteLineAsync("250 SMTPUTF8");
                        break;
                    case "HELO":
                        await writer.WriteLineAsync("250 sink");
                        break;
                    case "MAIL":
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "RCPT":
                        var open = line.IndexOf('<', StringComparison.Ordinal);
                        var close = line.IndexOf('>', StringComparison.Ordinal);
                        recipients.Add(open >= 0 && close > open ? line[(open + 1)..close] : line[8..].Trim());
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 go ahead");
                        await writer.FlushAsync();
                        var messageId = "none";
                        var inHeaders = true;
                        var complete = false;
                        while (await reader.ReadLineAsync() is { } data)
                        {
                            if (data == ".")
                            {
                                complete = true;
                                break;
                            }

                            if (inHeaders && data.Length == 0)
                            {
                                inHeaders = false;
                            }
                            else if (inHeaders && data.StartsWith("Message-ID:", StringComparison.OrdinalIgnoreCase))
                            {
                                messageId = data[11..].Trim().Trim('<', '>');
                            }
                        }

                        if (!complete)
                        {
                            // The client went away mid-DATA (a worker killed with kill -9): like an MTA, accept nothing.
                            return;
                        }

                        var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                        var lines = string.Concat(recipients.Select(r => $"{at} {r} {messageId}\n"));
                        var bytes = Encoding.ASCII.GetBytes(lines);
                        lock (LogLock)
                        {
                            log.Write(bytes);
                            log.Flush();
                        }

                        await writer.WriteLineAsync("250 queued");
                        break;
                    case "RSET":
                        recipients.Clear();
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "NOOP":
                        await writer.WriteLineAsync("250 OK");
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 bye");
                        await writer.FlushAsync();
                        return;
                    default:
                        await writer.WriteLineAsync("502 not implemented");
                        break;
                }

                await writer.FlushAsync();
            }
        }
        catch (IOException)
        {
            // The client went away.
        }
    }
}
