using System.Buffers;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;

namespace SupportBot.Bench.Channels;

/// <summary>
/// (b) Learners in the web chat on our Direct Line: each conversation gets a token from a signed
/// learner link, starts the conversation, opens the WebSocket stream, then posts its questions one
/// after the other; a turn lasts from the POST until the bot's reply arrives on the stream.
/// </summary>
internal sealed class DirectLineLoad(HttpClient http, Uri host, string linkKey, IReadOnlyList<string> questions, BenchOptions options)
{
    public const string TargetName = "supportbot";

    public Task<PhaseResult> RunAsync(int round, PhaseTiming timing, ProcessCpu cpu)
    {
        var links = Enumerable.Range(0, options.Conversations)
            .Select(k => LearnerLinkSigner.Sign(linkKey, $"bench-learner-{k}", $"Bench Learner {k}", $"bench-learner-{k}@example.test",
                "fr", "Europe/Paris", TimeSpan.FromHours(2)))
            .ToArray();
        return LoadPhase.RunAsync(TargetName, "Direct Line", round, timing, options, cpu,
            (k, recorder, stop, abort) => ConverseAsync(links[k], k, recorder, stop, abort));
    }

    private async Task ConverseAsync(string link, int learner, TurnRecorder recorder, CancellationToken stop, CancellationToken abort)
    {
        var turn = learner;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var started = Stopwatch.GetTimestamp();
                using var tokenResponse = await http.PostAsJsonAsync(new Uri(host, "/api/directline/token"), new { learner = link }, abort);
                tokenResponse.EnsureSuccessStatusCode();
                var grant = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>(abort);
                var userId = grant.GetProperty("userId").GetString()!;

                using var startRequest = new HttpRequestMessage(HttpMethod.Post, new Uri(host, "/v3/directline/conversations"));
                startRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", grant.GetProperty("token").GetString());
                using var startResponse = await http.SendAsync(startRequest, abort);
                startResponse.EnsureSuccessStatusCode();
                var conversation = await startResponse.Content.ReadFromJsonAsync<JsonElement>(abort);
                var conversationId = conversation.GetProperty("conversationId").GetString()!;
                var token = conversation.GetProperty("token").GetString()!;

                using var socket = new ClientWebSocket();
                await socket.ConnectAsync(new Uri(conversation.GetProperty("streamUrl").GetString()!), abort);
                var stream = new ReplyStream(socket, userId);
                var reading = stream.ReadAsync(abort);
                recorder.Setup(started, Stopwatch.GetTimestamp());

                var activities = new Uri(host, $"/v3/directline/conversations/{Uri.EscapeDataString(conversationId)}/activities");
                for (var i = 0; i < options.MessagesPerConversation && !stop.IsCancellationRequested; i++)
                {
                    await TurnAsync(activities, token, userId, questions[turn++ % questions.Count], stream, recorder, abort);
                    await LoadPhase.ThinkAsync(options.ThinkTime, stop);
                }

                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", abort);
                await reading;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or WebSocketException or JsonException or KeyNotFoundException)
            {
                recorder.Error();
                await LoadPhase.PauseAsync(TimeSpan.FromMilliseconds(100), stop);
            }
        }
    }

    private async Task TurnAsync(Uri activities, string token, string userId, string text, ReplyStream stream, TurnRecorder recorder, CancellationToken abort)
    {
        using var post = new HttpRequestMessage(HttpMethod.Post, activities)
        {
            Content = JsonContent.Create(new { type = "message", from = new { id = userId }, locale = "fr-FR", textFormat = "plain", text }),
        };
        post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var sent = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(post, abort);
        if (!response.IsSuccessStatusCode)
        {
            recorder.Error();
            return;
        }

        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(abort)).GetProperty("id").GetString()!;
        try
        {
            recorder.Turn(sent, await stream.ReplyTo(id).WaitAsync(options.ReplyTimeout, abort));
        }
        catch (TimeoutException)
        {
            recorder.Timeout();
        }
    }

    /// <summary>Reads ActivitySets off the stream and notes when each bot reply arrived, by replyToId.</summary>
    private sealed class ReplyStream(ClientWebSocket socket, string userId)
    {
        private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> replies = new(StringComparer.Ordinal);

        /// <summary>Completes with the arrival (Stopwatch ticks) of the first bot activity replying to <paramref name="activityId"/>, even if it came first.</summary>
        public Task<long> ReplyTo(string activityId) => Slot(activityId).Task;

        public async Task ReadAsync(CancellationToken abort)
        {
            var message = new ArrayBufferWriter<byte>(8 * 1024);
            try
            {
                while (socket.State == WebSocketState.Open)
                {
                    var result = await socket.ReceiveAsync(message.GetMemory(8 * 1024), abort);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return;
                    }

                    message.Advance(result.Count);
                    if (!result.EndOfMessage)
                    {
                        continue;
                    }

                    var arrived = Stopwatch.GetTimestamp();
                    if (message.WrittenCount > 0)
                    {
                        Note(message.WrittenMemory, arrived);
                    }

                    message.ResetWrittenCount();
                }
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The conversation is over.
            }
        }

        private void Note(ReadOnlyMemory<byte> json, long arrived)
        {
            using var set = JsonDocument.Parse(json);
            foreach (var activity in set.RootElement.GetProperty("activities").EnumerateArray())
            {
                // The store keeps the learner's own activities too; the bot's are the others (its replies carry no role).
                var fromBot = activity.TryGetProperty("from", out var from) && from.TryGetProperty("id", out var fromId) && fromId.GetString() != userId;
                if (fromBot && activity.TryGetProperty("replyToId", out var replyTo) && replyTo.GetString() is { } replyToId)
                {
                    Slot(replyToId).TrySetResult(arrived);
                }
            }
        }

        private TaskCompletionSource<long> Slot(string activityId) =>
            replies.GetOrAdd(activityId, _ => new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
