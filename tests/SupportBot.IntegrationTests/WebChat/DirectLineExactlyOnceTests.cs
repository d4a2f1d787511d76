using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Conversations.DirectLine;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.WebChat;

/// <summary>
/// A bot host killed with kill -9 mid-turn or mid-relay loses nothing and shows nothing twice: a
/// learner's re-post after a lost response is the same activity (channelData.clientActivityID, as
/// Web Chat's "retry" sends it), a turn its host never finished is run by the next host, once, and a
/// relayed answer whose send was taken over after a crash is in the chat once.
/// </summary>
public sealed class DirectLineExactlyOnceTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private BotHost host = null!;

    public Task InitializeAsync()
    {
        host = new BotHost(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Jobs:RunServer"] = "false",
            ["DirectLine:TurnLease"] = "00:00:02",
            ["Delivery:ClaimLease"] = "00:00:02",
        });
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task A_message_posted_again_after_a_lost_response_is_stored_once_and_answered_once()
    {
        var learner = await OpenLearnerAsync("repost");
        var message = new { type = "message", text = "Bonjour !", locale = "fr-FR", from = new { id = learner.UserId }, channelData = new { clientActivityID = "wc-" + run } };

        var first = await PostAsync(learner, message);
        var retried = await PostAsync(learner, message);

        Assert.Equal(first, retried);
        var transcript = await TranscriptAsync(learner);
        Assert.Equal(["user: Bonjour !", "bot: Bonjour ! Quelle est votre question ?"], transcript);
    }

    [Fact]
    public async Task Two_messages_with_the_same_text_but_their_own_client_ids_are_both_stored_and_answered()
    {
        var learner = await OpenLearnerAsync("twice");
        await PostAsync(learner, new { type = "message", text = "Bonjour !", from = new { id = learner.UserId }, channelData = new { clientActivityID = "a-" + run } });
        await PostAsync(learner, new { type = "message", text = "Bonjour !", from = new { id = learner.UserId }, channelData = new { clientActivityID = "b-" + run } });

        Assert.Equal(4, (await TranscriptAsync(learner)).Count);
    }

    [Fact]
    public async Task A_turn_whose_host_died_before_answering_is_answered_once_when_the_learner_posts_again()
    {
        var learner = await OpenLearnerAsync("died-repost");
        var store = host.Services.GetRequiredService<DirectLineStore>();
        // What a host killed right after storing the message leaves: the message, claimed, never answered.
        await StoreUnansweredAsync(store, learner, "cut-" + run);
        await Task.Delay(TimeSpan.FromSeconds(2.2));

        var id = await PostAsync(learner, new { type = "message", text = "Bonjour !", from = new { id = learner.UserId }, channelData = new { clientActivityID = "cut-" + run } });
        await Task.Delay(TimeSpan.FromSeconds(2.5)); // the recovery loop's turn too, had it not been claimed

        Assert.EndsWith("|0000001", id, StringComparison.Ordinal);
        Assert.Equal(["user: Bonjour !", "bot: Bonjour ! Quelle est votre question ?"], await TranscriptAsync(learner));
    }

    [Fact]
    public async Task A_turn_whose_host_died_is_answered_once_by_another_host_even_if_the_learner_never_posts_again()
    {
        var learner = await OpenLearnerAsync("died-quiet");
        await StoreUnansweredAsync(host.Services.GetRequiredService<DirectLineStore>(), learner, "quiet-" + run);

        var transcript = await WaitForTranscriptAsync(learner, 2, TimeSpan.FromSeconds(10));
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(["user: Bonjour !", "bot: Bonjour ! Quelle est votre question ?"], transcript);
        Assert.Equal(transcript, await TranscriptAsync(learner));
    }

    [Fact]
    public async Task A_turn_run_again_after_its_host_died_between_its_reply_and_its_end_does_not_reply_twice()
    {
        var learner = await OpenLearnerAsync("died-after-reply");
        var store = host.Services.GetRequiredService<DirectLineStore>();
        var stored = await StoreUnansweredAsync(store, learner, "half-" + run);
        // The first host ran the turn (its reply is in the chat) and died before marking it done.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<SupportBot.Bot.BotFramework.IActivityProcessor>().ProcessAsync(stored.Activity, CancellationToken.None);
        }

        await Task.Delay(TimeSpan.FromSeconds(2.2));
        await PostAsync(learner, new { type = "message", text = "Bonjour !", from = new { id = learner.UserId }, channelData = new { clientActivityID = "half-" + run } });
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.Equal(["user: Bonjour !", "bot: Bonjour ! Quelle est votre question ?"], await TranscriptAsync(learner));
        await using var c = await db.DataSource.OpenConnectionAsync();
        Assert.Equal(0, await c.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM supportbot.directline_activities WHERE conversation_id = @id AND turn_claimed_until IS NOT NULL", new { id = learner.ConversationId }));
    }

    [Fact]
    public async Task A_relayed_message_sent_again_after_its_sender_died_before_recording_it_is_in_the_chat_once()
    {
        var learner = await OpenLearnerAsync("relay");
        await learner.SaysAsync("Bonjour !");
        await learner.BotMessagesAsync();
        var reference = await ReferenceOfAsync(learner);
        var chat = host.Services.GetRequiredService<ChatDelivery>();
        var key = $"answer:{Guid.NewGuid()}:chat";

        Assert.Equal(DeliveryOutcome.Sent, await chat.SendAsync(key, reference, ChatDelivery.Text("Inès (pair) vous répond : la variance.", "fr"), CancellationToken.None));
        // The sender was killed after the chat had the message and before the send log said so.
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE supportbot.send_log SET status = 'pending', claimed_until = now() - interval '1 second' WHERE key = @key", new { key });
        }

        Assert.Equal(DeliveryOutcome.Sent, await chat.SendAsync(key, reference, ChatDelivery.Text("Inès (pair) vous répond : la variance.", "fr"), CancellationToken.None));

        var answers = (await TranscriptAsync(learner)).Where(line => line.Contains("la variance", StringComparison.Ordinal)).ToList();
        Assert.Single(answers);
        Assert.Equal("sent", (await host.Services.GetRequiredService<SendLog>().FindAsync(key, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_question_turn_run_again_after_its_host_died_keeps_the_one_question_it_made()
    {
        // The chat drill lost 1-2 questions of 400: the re-run cancelled the question the first run
        // had made and made a second one, while the learner's "yes" routed the cancelled one.
        var learner = await OpenLearnerAsync("question-again");
        var store = host.Services.GetRequiredService<DirectLineStore>();
        var stored = await StoreUnansweredAsync(store, learner, "question-" + run,
            "Dans l'exercice 7 du chapitre sur les intégrales, je ne comprends pas ce que veut dire la consigne numéro 2.");
        for (var attempt = 0; attempt < 2; attempt++)
        {
            // The first host's run, then the run of the host that took the turn over.
            await using var scope = host.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SupportBot.Bot.BotFramework.IActivityProcessor>().ProcessAsync(stored.Activity, CancellationToken.None);
        }

        await using var c = await db.DataSource.OpenConnectionAsync();
        var questions = (await c.QueryAsync<string>("""
            SELECT q.status FROM supportbot.questions q JOIN supportbot.people p ON p.id = q.asker_id WHERE p.external_id = @asker
            """, new { asker = $"learner-question-again-{run}" })).ToList();
        Assert.Equal(["new"], questions);
    }

    private Task<WebChatLearner> OpenLearnerAsync(string name) =>
        WebChatLearner.OpenAsync(host, new LearnerIdentity($"learner-{name}-{run}", "Léa Dubois", $"lea.{name}.{run}@example.test", null, "fr", "Europe/Paris"));

    private static async Task<DirectLineAppend> StoreUnansweredAsync(DirectLineStore store, WebChatLearner learner, string clientId, string text = "Bonjour !")
    {
        var activity = ActivityJson.Deserialize(JsonSerializer.Serialize(new
        {
            type = "message",
            text,
            locale = "fr-FR",
            from = new { id = learner.UserId, role = "user" },
            recipient = new { id = "supportbot", role = "bot" },
            serviceUrl = "http://localhost/v3/directline/",
            channelData = new { clientActivityID = clientId },
        }))!;
        return await store.AppendOnceAsync(learner.ConversationId, activity, fromUser: true, "client:" + clientId, TimeSpan.FromSeconds(2), CancellationToken.None);
    }

    private static async Task<string> PostAsync(WebChatLearner learner, object activity)
    {
        var response = await learner.Http.PostAsJsonAsync(new Uri($"/v3/directline/conversations/{learner.ConversationId}/activities", UriKind.Relative), activity);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    /// <summary>Every message of the conversation from the start, as "user: text" or "bot: text".</summary>
    private static async Task<List<string>> TranscriptAsync(WebChatLearner learner)
    {
        var set = JsonDocument.Parse(await learner.Http.GetStringAsync(new Uri($"/v3/directline/conversations/{learner.ConversationId}/activities?watermark=0", UriKind.Relative))).RootElement;
        return [.. set.GetProperty("activities").EnumerateArray()
            .Where(a => a.GetProperty("type").GetString() == "message")
            .Select(a => (a.GetProperty("from").GetProperty("id").GetString() == learner.UserId ? "user: " : "bot: ") + a.GetProperty("text").GetString())];
    }

    private static async Task<List<string>> WaitForTranscriptAsync(WebChatLearner learner, int atLeast, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        List<string> transcript;
        do
        {
            transcript = await TranscriptAsync(learner);
            if (transcript.Count >= atLeast)
            {
                break;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);
        return transcript;
    }

    private async Task<StoredConversationReference> ReferenceOfAsync(WebChatLearner learner)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        var id = await c.ExecuteScalarAsync<long>(
            "SELECT id FROM supportbot.conversation_references WHERE conversation_id = @id", new { id = learner.ConversationId });
        return (await host.Services.GetRequiredService<ConversationReferenceStore>().FindAsync(id, CancellationToken.None))!;
    }
}
