using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using MimeKit.Utils;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.People;

namespace SupportBot.ChatBench;

/// <summary>
/// chat-bench drive BOT_URL LEARNERS MODULE SMTP4DEV_URL SMTP_PORT PROGRESS_FILE
///   Learners 1..N (signed links made with SUPPORTBOT__LearnerLinks__SigningKey) open the web chat,
///   ask a question the bot cannot answer and say "yes, ask peers"; volunteers (vol*@drill.test) answer
///   each question email once, by SMTP; then every transcript is read. Every POST whose response is
///   lost (the bot host was killed) is posted again with the same channelData.clientActivityID, as Web
///   Chat's retry does. PROGRESS_FILE gets "routed answered" counts each second (the drill times its kills on it).
///   Last line: "N learners: E exactly once, D duplicates, M missing"; exit 1 unless exact.
/// </summary>
internal static partial class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is not ["drive", var bot, var count, var module, var smtp4dev, var smtpPort, var progress])
        {
            await Console.Error.WriteLineAsync("usage: chat-bench drive BOT_URL LEARNERS MODULE SMTP4DEV_URL SMTP_PORT PROGRESS_FILE");
            return 2;
        }

        var key = Environment.GetEnvironmentVariable("SUPPORTBOT__LearnerLinks__SigningKey")
            ?? throw new InvalidOperationException("SUPPORTBOT__LearnerLinks__SigningKey is not set");
        using var drill = new Drill(new Uri(bot), int.Parse(count, CultureInfo.InvariantCulture), module, new Uri(smtp4dev),
            int.Parse(smtpPort, CultureInfo.InvariantCulture), new LearnerLinks(Options.Create(new LearnerLinkOptions { SigningKey = key }), TimeProvider.System));
        return await drill.RunAsync(progress);
    }

    [GeneratedRegex(@"drill question (\d+)")]
    internal static partial Regex QuestionNumber();
}

internal sealed class Drill(Uri bot, int learners, string module, Uri smtp4dev, int smtpPort, LearnerLinks links) : IDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(10);

    private readonly HttpClient http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        BaseAddress = bot,
        Timeout = TimeSpan.FromSeconds(30),
    };

    private readonly ConcurrentDictionary<int, Learner> opened = new();
    private readonly DateTime deadline = DateTime.UtcNow + TimeSpan.FromMinutes(20);
    private int routed;
    private int answered;
    private int retries;

    public void Dispose() => http.Dispose();

    public async Task<int> RunAsync(string progressFile)
    {
        using var stop = new CancellationTokenSource();
        var progress = WriteProgressAsync(progressFile, stop.Token);
        using var volunteers = new Volunteers(smtp4dev, smtpPort);
        var answering = volunteers.RunAsync(stop.Token);
        using (var gate = new SemaphoreSlim(20))
        {
            await Task.WhenAll(Enumerable.Range(1, learners).Select(async i =>
            {
                // Ten learners a second come in: the posting lasts long enough for the first kills to land in it.
                await Task.Delay(TimeSpan.FromMilliseconds(100 * (i - 1)));
                await gate.WaitAsync();
                try
                {
                    await AskAsync(i);
                }
                finally
                {
                    gate.Release();
                }
            }));
        }

        Console.WriteLine($"{routed} questions routed from the chat ({retries} POST attempts repeated after a lost response); waiting for the answers");
        await WaitForAnswersAsync();
        // Late duplicates (a relay taken over after its lease) would come now.
        await Task.Delay(TimeSpan.FromSeconds(20));
        stop.Cancel();
        await Task.WhenAll(progress, answering);
        Console.WriteLine($"volunteers answered {volunteers.Answered} question emails ({volunteers.Resent} question emails seen again, same Message-ID)");
        return await VerdictAsync();
    }

    /// <summary>The learner's two turns: the question, then "yes, ask peers" (its button).</summary>
    private async Task AskAsync(int i)
    {
        var learner = await OpenAsync(i);
        opened[i] = learner;
        var text = $"Bonjour, drill question {i} : mon script R de l'exercice {i} renvoie une erreur de convergence, quelqu'un peut m'aider ?";
        var question = await PostAsync(learner, $"q-{i}", text);
        var offer = await ReplyToAsync(learner, question, $"q-{i}", text);
        // The drill's questions look alike: from the second one on, the bot may first offer the
        // earlier answers; the learner asks peers anyway, which routes it as "yes" does.
        var yes = offer.TryGetProperty("suggestedActions", out var actions)
            ? actions.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("value").GetString()!)
                .FirstOrDefault(v => v.StartsWith("Oui", StringComparison.Ordinal) || v == ChatButtons.AskPeersAnyway.In(true))
            : null;
        if (yes is null)
        {
            Console.Error.WriteLine($"learner {i}: no \"yes\" button after the question: {offer.GetProperty("text").GetString()}");
            return;
        }

        learner.Yes = yes;
        var confirm = await PostAsync(learner, $"y-{i}", yes);
        await ReplyToAsync(learner, confirm, $"y-{i}", yes);
        Interlocked.Increment(ref routed);
    }

    private async Task<Learner> OpenAsync(int i)
    {
        var link = links.Create(new LearnerIdentity($"drill-{i}", $"Learner {i}", $"learner{i}@drill.test", module, "fr", "Europe/Paris"));
        return await RetryAsync($"learner {i}: open", async () =>
        {
            // resume: a token whose response was lost made the conversation; asking again finds it.
            using var session = await http.PostAsJsonAsync(new Uri("/api/directline/token", UriKind.Relative), new { learner = link, resume = true });
            session.EnsureSuccessStatusCode();
            var body = await session.Content.ReadFromJsonAsync<JsonElement>();
            return new Learner(i, body.GetProperty("conversationId").GetString()!, body.GetProperty("token").GetString()!, body.GetProperty("userId").GetString()!);
        });
    }

    /// <summary>Posts until the bot acknowledges, always under the same clientActivityID.</summary>
    private async Task<string> PostAsync(Learner learner, string clientId, string text)
    {
        var first = true;
        return await RetryAsync($"learner {learner.Number}: post {clientId}", async () =>
        {
            if (!first)
            {
                Interlocked.Increment(ref retries);
            }

            first = false;
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/v3/directline/conversations/{learner.ConversationId}/activities")
            {
                Content = JsonContent.Create(new { type = "message", text, locale = "fr-FR", from = new { id = learner.UserId }, channelData = new { clientActivityID = clientId } }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", learner.Token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        });
    }

    /// <summary>The bot's reply to the learner's activity; if none comes (its turn was lost), the learner re-posts, as they would.</summary>
    private async Task<JsonElement> ReplyToAsync(Learner learner, string activityId, string clientId, string text)
    {
        var asked = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var transcript = await TranscriptAsync(learner);
            if (transcript?.FirstOrDefault(a => a.ReplyTo == activityId) is { } reply)
            {
                return reply.Json;
            }

            if (DateTime.UtcNow - asked > TimeSpan.FromSeconds(90))
            {
                Console.Error.WriteLine($"learner {learner.Number}: no reply to {clientId} after 90 s; posting it again");
                activityId = await PostAsync(learner, clientId, text);
                asked = DateTime.UtcNow;
            }

            await Task.Delay(500);
        }

        throw new TimeoutException($"learner {learner.Number}: no reply to {clientId}");
    }

    private async Task WaitForAnswersAsync()
    {
        var until = DateTime.UtcNow + TimeSpan.FromMinutes(8);
        while (DateTime.UtcNow < until)
        {
            var done = 0;
            foreach (var learner in opened.Values)
            {
                if (learner.Answered || (await TranscriptAsync(learner))?.Any(a => a.IsAnswerFor(learner.Number)) == true)
                {
                    learner.Answered = true;
                    done++;
                }
            }

            answered = done;
            if (done == learners)
            {
                return;
            }

            await Task.Delay(2000);
        }
    }

    /// <summary>
    /// Per learner, 5 things must be there exactly once: the question and the "yes" (stored), the bot's
    /// reply to each, and the volunteer's answer relayed into the chat.
    /// </summary>
    private async Task<int> VerdictAsync()
    {
        int once = 0, duplicates = 0, missing = 0;
        for (var i = 1; i <= learners; i++)
        {
            if (!opened.TryGetValue(i, out var learner) || await TranscriptAsync(learner) is not { } transcript)
            {
                missing += 5;
                Console.WriteLine($"    learner {i}: no conversation");
                continue;
            }

            var mine = transcript.Where(a => a.FromUser).ToList();
            var question = mine.Where(a => a.Text.Contains($"drill question {i} ", StringComparison.Ordinal)).ToList();
            var yes = mine.Where(a => learner.Yes is not null && a.Text == learner.Yes).ToList();
            var checks = new (string What, int Count)[]
            {
                ("question stored", question.Count),
                ("yes stored", yes.Count),
                ("reply to the question", question.Sum(q => transcript.Count(a => a.ReplyTo == q.Id))),
                ("reply to yes", yes.Sum(q => transcript.Count(a => a.ReplyTo == q.Id))),
                ("answer relayed", transcript.Count(a => a.IsAnswerFor(i))),
            };
            foreach (var (what, count) in checks)
            {
                if (count == 1)
                {
                    once++;
                }
                else if (count == 0)
                {
                    missing++;
                    Console.WriteLine($"    learner {i}: {what}: missing");
                }
                else
                {
                    duplicates += count - 1;
                    Console.WriteLine($"    learner {i}: {what}: {count} times");
                }
            }
        }

        Console.WriteLine($"{learners} learners: {once} exactly once, {duplicates} duplicates, {missing} missing");
        return duplicates == 0 && missing == 0 && once == learners * 5 ? 0 : 1;
    }

    private async Task<List<ChatActivity>?> TranscriptAsync(Learner learner)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/v3/directline/conversations/{learner.ConversationId}/activities?watermark=0");
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", learner.Token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
            var set = await response.Content.ReadFromJsonAsync<JsonElement>();
            return [.. set.GetProperty("activities").EnumerateArray()
                .Where(a => a.GetProperty("type").GetString() == "message")
                .Select(a => new ChatActivity(
                    a.GetProperty("id").GetString()!,
                    a.GetProperty("from").GetProperty("id").GetString() == learner.UserId,
                    a.TryGetProperty("replyToId", out var r) ? r.GetString() : null,
                    a.TryGetProperty("text", out var t) ? t.GetString() ?? "" : "",
                    a.Clone()))];
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null; // the host is down: ask again later
        }
    }

    private async Task<T> RetryAsync<T>(string what, Func<Task<T>> attempt)
    {
        var started = DateTime.UtcNow;
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DateTime.UtcNow - started < GiveUpAfter)
            {
                await Task.Delay(500);
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                throw new TimeoutException($"{what}: gave up after {GiveUpAfter}", ex);
            }
        }
    }

    private async Task WriteProgressAsync(string file, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await File.WriteAllTextAsync(file + ".tmp", $"{routed} {answered}\n", CancellationToken.None);
            File.Move(file + ".tmp", file, overwrite: true);
            try
            {
                await Task.Delay(1000, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

internal sealed class Learner(int number, string conversationId, string token, string userId)
{
    public int Number { get; } = number;

    public string ConversationId { get; } = conversationId;

    public string Token { get; } = token;

    public string UserId { get; } = userId;

    public string? Yes { get; set; }

    public bool Answered { get; set; }
}

internal sealed record ChatActivity(string Id, bool FromUser, string? ReplyTo, string Text, JsonElement Json)
{
    public bool IsAnswerFor(int learner) => !FromUser && Text.Contains($"drill answer {learner}.", StringComparison.Ordinal);
}

/// <summary>Volunteers reading their question emails in smtp4dev and answering each question once, from their own address.</summary>
internal sealed class Volunteers(Uri smtp4dev, int smtpPort) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = smtp4dev, Timeout = TimeSpan.FromSeconds(30) };
    private readonly HashSet<string> seen = [];
    private readonly HashSet<int> answeredQuestions = [];

    public int Answered => answeredQuestions.Count;

    public void Dispose() => http.Dispose();

    public int Resent { get; private set; }

    public async Task RunAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await AnswerNewAsync(ct);
                await Task.Delay(1000, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException or MailKit.ProtocolException or MailKit.CommandException)
            {
                Console.Error.WriteLine($"volunteers: {ex.Message}; trying again");
            }
        }
    }

    private async Task AnswerNewAsync(CancellationToken ct)
    {
        var root = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/messages?mailboxName=Default&pageSize=5000", UriKind.Relative), ct)).RootElement;
        var list = root.ValueKind == JsonValueKind.Array ? root : root.GetProperty("results");
        foreach (var summary in list.EnumerateArray())
        {
            var id = summary.GetProperty("id").ToString();
            if (!summary.GetProperty("to").GetRawText().Contains("@drill-volunteers.test", StringComparison.Ordinal) || seen.Contains(id))
            {
                continue;
            }

            await using var raw = await http.GetStreamAsync(new Uri($"api/messages/{id}/raw", UriKind.Relative), ct);
            var question = await MimeMessage.LoadAsync(raw, ct);
            var match = Program.QuestionNumber().Match(question.TextBody ?? "");
            if (!match.Success)
            {
                seen.Add(id); // a thank-you, a reminder: nothing to answer
                continue;
            }

            var number = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            if (answeredQuestions.Contains(number))
            {
                Resent++; // the same question email again (a send taken over after a crash): a mail client shows it once
                seen.Add(id);
                continue;
            }

            await ReplyAsync(question, number, ct);
            answeredQuestions.Add(number);
            seen.Add(id);
        }
    }

    private async Task ReplyAsync(MimeMessage question, int number, CancellationToken ct)
    {
        var reply = new MimeMessage();
        reply.From.Add(new MailboxAddress("Volunteer", question.To.Mailboxes.Single().Address));
        reply.To.AddRange(question.ReplyTo.Count > 0 ? question.ReplyTo : question.From);
        reply.Subject = "Re: " + question.Subject;
        reply.InReplyTo = question.MessageId;
        reply.References.Add(question.MessageId!);
        reply.MessageId = MimeUtils.GenerateMessageId("drill-volunteers.test");
        reply.Body = new TextPart("plain") { Text = $"Bonjour, drill answer {number}. Il faut augmenter le nombre d'itérations de l'exercice {number}.\r\n" };
        using var smtp = new SmtpClient();
        await smtp.ConnectAsync("127.0.0.1", smtpPort, SecureSocketOptions.None, ct);
        await smtp.SendAsync(reply, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}
