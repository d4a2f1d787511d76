using System.Collections.Concurrent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SupportBot.Shared.Conversations.DirectLine;

/// <summary>
/// One LISTEN connection per process turns NOTIFYs from any instance into wake-ups of the local
/// streams of that conversation. Wake-ups carry no data: a woken stream re-reads from its own
/// watermark, so a lost notification (reconnect) only delays, never loses, an activity.
/// </summary>
public sealed partial class DirectLineNotifications(NpgsqlDataSource db, ILogger<DirectLineNotifications> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> subscribers = new(StringComparer.Ordinal);

    public Subscription Subscribe(string conversationId)
    {
        var subscription = new Subscription(this, conversationId);
        subscribers.GetOrAdd(conversationId, _ => new()).TryAdd(subscription, 0);
        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await db.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, e) => Wake(e.Payload);
                await using (var listen = new NpgsqlCommand($"LISTEN {DirectLineStore.NotifyChannel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                delay = TimeSpan.FromMilliseconds(200);
                WakeAll(); // anything appended while we were not listening
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

    private void Wake(string conversationId)
    {
        if (subscribers.TryGetValue(conversationId, out var set))
        {
            foreach (var subscription in set.Keys)
            {
                subscription.Signal();
            }
        }
    }

    private void WakeAll()
    {
        foreach (var conversationId in subscribers.Keys)
        {
            Wake(conversationId);
        }
    }

    private void Remove(Subscription subscription)
    {
        if (subscribers.TryGetValue(subscription.ConversationId, out var set))
        {
            set.TryRemove(subscription, out _);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Direct Line LISTEN connection lost ({Reason}); retrying in {Seconds} s")]
    private partial void LogListenLost(string reason, double seconds);

    /// <summary>A stream's doorbell: WaitAsync returns when something may have arrived, or at the timeout.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly DirectLineNotifications owner;
        private readonly SemaphoreSlim bell = new(0, 1);

        internal Subscription(DirectLineNotifications owner, string conversationId)
        {
            this.owner = owner;
            ConversationId = conversationId;
        }

        public string ConversationId { get; }

        internal void Signal()
        {
            try
            {
                if (bell.CurrentCount == 0)
                {
                    bell.Release();
                }
            }
            catch (SemaphoreFullException)
            {
                // Already rung; one pending wake-up is enough.
            }
        }

        /// <returns>True when woken by a notification, false at the timeout.</returns>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => bell.WaitAsync(timeout, ct);

        public void Dispose()
        {
            owner.Remove(this);
            bell.Dispose();
        }
    }
}
