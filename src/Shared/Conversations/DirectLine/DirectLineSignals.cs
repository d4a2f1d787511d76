using System.Collections.Concurrent;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SupportBot.Shared.Conversations.DirectLine;

/// <summary>
/// Tells the streams that a conversation has new activities. Streams in this process are handed
/// the stored activity at once (no database read, no NOTIFY in the append's transaction); other
/// instances learn through one coalesced NOTIFY: a single loop per process sends the ids of every
/// conversation changed since its previous NOTIFY, so under load one NOTIFY carries many ids and
/// activity commits never queue behind PostgreSQL's notify lock.
/// </summary>
public sealed partial class DirectLineSignals(NpgsqlDataSource db, ILogger<DirectLineSignals> logger) : IAsyncDisposable
{
    public const string NotifyChannel = "supportbot_directline";

    /// <summary>PostgreSQL refuses NOTIFY payloads of 8000 bytes or more; ids are ~24 ASCII characters.</summary>
    private const int MaxPayloadChars = 7000;

    /// <summary>Tags this process's NOTIFYs so its own LISTEN connection skips them (its streams already know).</summary>
    public string InstanceId { get; } = DirectLineStore.NewId(9);

    private readonly ConcurrentDictionary<string, ConcurrentDictionary<Subscription, byte>> subscribers = new(StringComparer.Ordinal);
    private readonly Channel<string> changed = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock startLock = new();
    private readonly Lock subscribing = new();
    private Task? notifying;

    public Subscription Subscribe(string conversationId)
    {
        var subscription = new Subscription(this, conversationId);
        lock (subscribing)
        {
            subscribers.GetOrAdd(conversationId, _ => new()).TryAdd(subscription, 0);
        }

        return subscription;
    }

    /// <summary>An activity was committed: local streams get it now, other instances at the next NOTIFY.</summary>
    public void Appended(string conversationId, long seq, string activityJson)
    {
        if (subscribers.TryGetValue(conversationId, out var set))
        {
            foreach (var subscription in set.Keys)
            {
                subscription.Deliver(seq, activityJson);
            }
        }

        EnsureNotifying();
        changed.Writer.TryWrite(conversationId);
    }

    /// <summary>A NOTIFY payload from the LISTEN connection: "instance:id,id,...". Our own are skipped.</summary>
    public void WakeFromNotification(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || payload.AsSpan(0, colon).SequenceEqual(InstanceId))
        {
            return;
        }

        foreach (var id in payload[(colon + 1)..].Split(','))
        {
            if (subscribers.TryGetValue(id, out var set))
            {
                foreach (var subscription in set.Keys)
                {
                    subscription.MarkStale();
                }
            }
        }
    }

    /// <summary>After the LISTEN connection was lost: every stream re-reads from its watermark.</summary>
    public void WakeAll()
    {
        foreach (var set in subscribers.Values)
        {
            foreach (var subscription in set.Keys)
            {
                subscription.MarkStale();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        changed.Writer.TryComplete();
        if (notifying is { } loop)
        {
            // The last ids still reach the other instances; if the database is gone, their streams catch up at the keep-alive re-read.
            await loop.WaitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private void EnsureNotifying()
    {
        if (notifying is not null)
        {
            return;
        }

        lock (startLock)
        {
            notifying ??= Task.Run(NotifyLoopAsync);
        }
    }

    /// <summary>Group commit for NOTIFY: whatever changed while the previous NOTIFY ran goes out in the next one.</summary>
    private async Task NotifyLoopAsync()
    {
        var batch = new HashSet<string>(StringComparer.Ordinal);
        while (await changed.Reader.WaitToReadAsync())
        {
            while (changed.Reader.TryRead(out var id))
            {
                batch.Add(id);
            }

            try
            {
                await using var c = await db.OpenConnectionAsync();
                foreach (var payload in Payloads(batch))
                {
                    await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @payload)", c);
                    notify.Parameters.AddWithValue("channel", NotifyChannel);
                    notify.Parameters.AddWithValue("payload", payload);
                    await notify.ExecuteNonQueryAsync();
                }
            }
            catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or IOException or TimeoutException)
            {
                // Other instances' streams re-read at their keep-alive; nothing is lost, only later.
                LogNotifyFailed(batch.Count, ex.Message);
            }

            batch.Clear();
        }
    }

    private IEnumerable<string> Payloads(HashSet<string> ids)
    {
        var payload = new StringBuilder(InstanceId).Append(':');
        var empty = payload.Length;
        foreach (var id in ids)
        {
            if (payload.Length > empty && payload.Length + id.Length + 1 > MaxPayloadChars)
            {
                yield return payload.ToString();
                payload.Length = empty;
            }

            if (payload.Length > empty)
            {
                payload.Append(',');
            }

            payload.Append(id);
        }

        yield return payload.ToString();
    }

    private void Remove(Subscription subscription)
    {
        // Under the same lock as Subscribe, so a set is never dropped while a new stream joins it.
        lock (subscribing)
        {
            if (subscribers.TryGetValue(subscription.ConversationId, out var set) && set.TryRemove(subscription, out _) && set.IsEmpty)
            {
                subscribers.TryRemove(subscription.ConversationId, out _);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not NOTIFY other instances of {Count} changed Direct Line conversations ({Reason}); their streams catch up at the keep-alive")]
    private partial void LogNotifyFailed(int count, string reason);

    /// <summary>
    /// One stream's mailbox: activities this process stored (with their watermark), or "stale" when
    /// another instance stored something or a notification may have been missed.
    /// </summary>
    public sealed class Subscription : IDisposable
    {
        /// <summary>A stream that does not keep up re-reads from the database instead of queueing without bound.</summary>
        private const int MaxPending = 64;

        private readonly DirectLineSignals owner;
        private readonly SemaphoreSlim bell = new(0, 1);
        private readonly Lock gate = new();
        private List<(long Seq, string Json)> pending = [];
        private bool stale;

        internal Subscription(DirectLineSignals owner, string conversationId)
        {
            this.owner = owner;
            ConversationId = conversationId;
        }

        public string ConversationId { get; }

        internal void Deliver(long seq, string json)
        {
            lock (gate)
            {
                if (pending.Count < MaxPending)
                {
                    pending.Add((seq, json));
                }
                else
                {
                    stale = true;
                }
            }

            Ring();
        }

        internal void MarkStale()
        {
            lock (gate)
            {
                stale = true;
            }

            Ring();
        }

        /// <summary>What arrived since the last call: activities handed over in process, and whether the database must be read.</summary>
        public (IReadOnlyList<(long Seq, string Json)> Activities, bool Stale) Take()
        {
            lock (gate)
            {
                var taken = (pending, stale);
                pending = [];
                stale = false;
                return taken;
            }
        }

        /// <returns>True when rung, false at the timeout.</returns>
        public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => bell.WaitAsync(timeout, ct);

        public void Dispose()
        {
            owner.Remove(this);
            bell.Dispose();
        }

        private void Ring()
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
            catch (ObjectDisposedException)
            {
                // The stream closed while we were delivering.
            }
        }
    }
}
