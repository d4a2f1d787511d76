using System.Net.WebSockets;
using System.Text;
using SupportBot.Shared.Conversations.DirectLine;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// The WebSocket behind streamUrl: pushes ActivitySets after the client's watermark, woken by
/// LISTEN/NOTIFY from whichever instance stored the activity, with empty keep-alive frames between.
/// </summary>
internal sealed partial class DirectLineStream(DirectLineStore store, DirectLineNotifications notifications, ILogger<DirectLineStream> logger)
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public async Task<IResult> ServeAsync(HttpContext http, string conversationId, long watermark)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            return DirectLineErrors.BadArgument("streamUrl expects a WebSocket upgrade.");
        }

        if (await store.FindConversationAsync(conversationId, http.RequestAborted) is null)
        {
            return DirectLineErrors.NotFound($"Conversation {conversationId} does not exist.");
        }

        using var socket = await http.WebSockets.AcceptWebSocketAsync();
        using var closed = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        // Subscribe before the first read, so an activity stored in between still rings.
        using var subscription = notifications.Subscribe(conversationId);
        var receiving = DrainUntilClosedAsync(socket, closed);
        try
        {
            while (socket.State == WebSocketState.Open && !closed.IsCancellationRequested)
            {
                var set = await store.ReadAfterAsync(conversationId, watermark, closed.Token);
                if (set.ActivitiesJson.Count > 0)
                {
                    await SendAsync(socket, DirectLineApi.ActivitySetJson(set), closed.Token);
                    watermark = set.Watermark;
                    continue;
                }

                if (!await subscription.WaitAsync(KeepAlive, closed.Token))
                {
                    await SendAsync(socket, "", closed.Token);
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
