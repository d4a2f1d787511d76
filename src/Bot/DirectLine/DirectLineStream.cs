using System.Net.WebSockets;
using System.Text;
using SupportBot.Shared.Conversations.DirectLine;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// The WebSocket behind streamUrl: pushes ActivitySets after the client's watermark. Activities stored
/// by this process are handed over in memory; those of other instances are read after their NOTIFY;
/// empty keep-alive frames in between.
/// </summary>
internal sealed partial class DirectLineStream(DirectLineStore store, DirectLineSignals signals, ILogger<DirectLineStream> logger)
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);
    private const int ReadLimit = 500;

    public async Task<IResult> ServeAsync(HttpContext http, string conversationId, long watermark)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return DirectLineErrors.BadArgument("streamUrl expects a WebSocket upgrade.");
        }

        if (!await store.ExistsAsync(conversationId, http.RequestAborted))
        {
            return DirectLineErrors.NotFound($"Conversation {conversationId} does not exist.");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        // Subscribe before the first read, so an activity stored in between still arrives.
        using var subscription = signals.Subscribe(conversationId);
        var receiving = DrainUntilClosedAsync(socket, closed);
        try
        {
            var mustRead = true;
            while (socket.State == WebSocketState.Open && !closed.IsCancellationRequested)
            {
                var sent = false;
                if (mustRead)
                {
                    mustRead = false;
                    var set = await store.ReadAfterAsync(conversationId, watermark, closed.Token, ReadLimit);
                    if (set.ActivitiesJson.Count > 0)
                    {
                        await SendAsync(socket, DirectLineApi.ActivitySetJson(set), closed.Token);
                        watermark = set.Watermark;
                        sent = true;
                        mustRead = set.ActivitiesJson.Count == ReadLimit;
                    }
                }

                // Activities stored by this process come with their watermark: sent as they are when they follow
                // ours without a gap; anything else (another instance's, a gap, a missed wake) is read from the database.
                var (delivered, stale) = subscription.Take();
                mustRead |= stale;
                var fresh = delivered.Where(a => a.Seq > watermark).OrderBy(a => a.Seq).ToList();
                if (fresh.Count > 0)
                {
                    if (IsContiguous(fresh, watermark))
                    {
                        var set = new DirectLineActivitySet(fresh.ConvertAll(a => a.Json), fresh[^1].Seq);
                        await SendAsync(socket, DirectLineApi.ActivitySetJson(set), closed.Token);
                        watermark = set.Watermark;
                        sent = true;
                    }
                    else
                    {
                        mustRead = true;
                    }
                }

                if (sent || mustRead)
                {
                    continue;
                }

                if (!await subscription.WaitAsync(KeepAlive, closed.Token))
                {
                    await SendAsync(socket, "", closed.Token);
                    mustRead = true; // the safety net: a lost notification delays an activity by one keep-alive at most
                }
            }
        }
        catch (OperationCanceledException) when (closed.IsCancellationRequested)
        {
            // The client went away.
        }
        catch (WebSocketException ex)
        {
            LogStreamBroken(conversationId, ex.Message);
        }
        finally
        {
            await closed.CancelAsync();
            await receiving;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
            }
        }

        return Results.Empty;
    }

    private static bool IsContiguous(List<(long Seq, string Json)> activities, long watermark)
    {
        for (var i = 0; i < activities.Count; i++)
        {
            if (activities[i].Seq != watermark + 1 + i)
            {
                return false;
            }
        }

        return true;
    }

    private static Task SendAsync(WebSocket socket, string text, CancellationToken ct) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, ct);

    /// <summary>Clients send nothing but close frames; reading is how a close is noticed.</summary>
    private static async Task DrainUntilClosedAsync(WebSocket socket, CancellationTokenSource closed)
    {
        var buffer = new byte[1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, closed.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closed either way.
        }
        finally
        {
            await closed.CancelAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Direct Line stream of {ConversationId} broke: {Reason}")]
    private partial void LogStreamBroken(string conversationId, string reason);
}
