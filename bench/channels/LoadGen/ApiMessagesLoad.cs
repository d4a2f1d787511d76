using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace SupportBot.Bench.Channels;

/// <summary>
/// (a) Learners talking to a bot over POST /api/messages, as the Bot Connector would relay them:
/// each conversation sends its messages one after the other; a turn lasts from the POST until the
/// bot's reply reaches the fake Connector.
/// </summary>
internal sealed class ApiMessagesLoad(HttpClient http, FakeConnector connector, IReadOnlyList<string> questions, BenchOptions options)
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");

    public Task<PhaseResult> RunAsync(ApiTarget target, int round, PhaseTiming timing, ProcessCpu cpu)
    {
        var tag = $"{target.Name}-r{round}";
        connector.CaptureSample($"{tag}-c0-0-m0");
        return LoadPhase.RunAsync(target.Name, "/api/messages", round, timing, options, cpu,
            (k, recorder, stop, abort) => ConverseAsync(target, tag, k, recorder, stop, abort));
    }

    private async Task ConverseAsync(ApiTarget target, string tag, int learner, TurnRecorder recorder, CancellationToken stop, CancellationToken abort)
    {
        var turn = learner; // learners start at different questions, then cycle through all of them
        for (var conversation = 0; !stop.IsCancellationRequested; conversation++)
        {
            var conversationId = $"{tag}-c{learner}-{conversation}";
            for (var i = 0; i < options.MessagesPerConversation && !stop.IsCancellationRequested; i++)
            {
                var activityId = $"{conversationId}-m{i}";
                var body = Activity(activityId, conversationId, learner, questions[turn++ % questions.Count]);
                var replied = connector.Expect(activityId);
                var sent = Stopwatch.GetTimestamp();
                try
                {
                    using var content = new ByteArrayContent(body);
                    content.Headers.ContentType = Json;
                    using var response = await http.PostAsync(target.MessagesUrl, content, abort);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new HttpRequestException($"{(int)response.StatusCode}", null, response.StatusCode);
                    }

                    recorder.Turn(sent, await replied.WaitAsync(options.ReplyTimeout, abort));
                }
                catch (HttpRequestException)
                {
                    recorder.Error();
                    connector.Forget(activityId);
                    await LoadPhase.PauseAsync(TimeSpan.FromMilliseconds(100), stop);
                }
                catch (OperationCanceledException) when (abort.IsCancellationRequested)
                {
                    connector.Forget(activityId);
                    return;
                }
                catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
                {
                    recorder.Timeout();
                    connector.Forget(activityId);
                }

                await LoadPhase.ThinkAsync(options.ThinkTime, stop);
            }
        }
    }

    /// <summary>A message activity as the Emulator / Bot Connector sends it (no token: the bots run without an app id).</summary>
    private byte[] Activity(string id, string conversationId, int learner, string text) => JsonSerializer.SerializeToUtf8Bytes(new
    {
        type = "message",
        id,
        timestamp = DateTimeOffset.UtcNow,
        serviceUrl = connector.ServiceUrl.AbsoluteUri,
        channelId = "emulator",
        from = new { id = $"learner-{learner}", name = $"Learner {learner}" },
        recipient = new { id = "bot", name = "Bot" },
        conversation = new { id = conversationId },
        textFormat = "plain",
        locale = "fr-FR",
        text,
    });
}
