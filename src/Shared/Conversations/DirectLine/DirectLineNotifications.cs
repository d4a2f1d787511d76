using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SupportBot.Shared.Conversations.DirectLine;

/// <summary>
/// One LISTEN connection per process turns other instances' NOTIFYs into wake-ups of the local
/// streams of those conversations (<see cref="DirectLineSignals"/>). Wake-ups carry no data: a woken
/// stream re-reads from its own watermark, so a lost notification (reconnect) only delays, never
/// loses, an activity.
/// </summary>
public sealed partial class DirectLineNotifications(NpgsqlDataSource db, DirectLineSignals signals, ILogger<DirectLineNotifications> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => signals.WakeFromNotification(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {DirectLineSignals.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                delay = TimeSpan.FromMilliseconds(200);
                signals.WakeAll(); // anything appended elsewhere while we were not listening
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                LogListenLost(ex.Message, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 10));
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct Line LISTEN connection lost ({Reason}); retrying in {Seconds} s")]
    private partial void LogListenLost(string reason, double seconds);
}
