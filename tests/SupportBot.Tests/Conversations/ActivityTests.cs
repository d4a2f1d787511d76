using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Shared.Conversations;

namespace SupportBot.Tests.Conversations;

public sealed class ActivityTests
{
    private static string TeamsMessageJson => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "teams-message.json"));

    private static Activity TeamsMessage => ActivityJson.Deserialize(TeamsMessageJson)!;

    [Fact]
    public void Unknown_properties_and_channelData_round_trip_unchanged()
    {
        var original = JsonNode.Parse(TeamsMessageJson);

        var roundTripped = JsonNode.Parse(ActivityJson.Serialize(TeamsMessage));

        Assert.True(JsonNode.DeepEquals(original, roundTripped), roundTripped!.ToJsonString());
    }

    [Fact]
    public void Known_fields_are_read()
    {
        var activity = TeamsMessage;

        Assert.True(activity.IsMessage);
        Assert.Equal("msteams", activity.ChannelId);
        Assert.Equal("https://smba.trafficmanager.net/emea/", activity.ServiceUrl);
        Assert.Equal("Ada Learner", activity.From!.Name);
        Assert.Equal("groupChat", activity.Conversation!.ConversationType);
        Assert.True(activity.Conversation.IsGroup);
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 10, 15, 30, TimeSpan.Zero).AddTicks(1234567), activity.Timestamp);
        Assert.Equal("Europe/Paris", activity.LocalTimezone);
        Assert.Equal("clientInfo", activity.Entities![1].Type);
        Assert.Equal("meeting", activity.ChannelData!.Value.EnumerateObject().ElementAt(1).Name);
    }

    [Fact]
    public void Nulls_are_left_out_when_writing()
    {
        var json = ActivityJson.Serialize(new Activity { Type = ActivityTypes.Typing });

        Assert.Equal("""{"type":"typing"}""", json);
    }

    [Fact]
    public void Reply_swaps_from_and_recipient_and_keeps_the_conversation()
    {
        var incoming = TeamsMessage;

        var reply = incoming.CreateReply("Bonjour");

        Assert.Equal(ActivityTypes.Message, reply.Type);
        Assert.Equal("Bonjour", reply.Text);
        Assert.Equal("28:bot-app-id", reply.From!.Id);
        Assert.Equal("SupportBot", reply.From.Name);
        Assert.Equal("29:1abcUserId", reply.Recipient!.Id);
        Assert.Equal("6c1f6b4e-0d6a-4a8e-9d3e-1f2a3b4c5d6e", reply.Recipient.AadObjectId);
        Assert.Equal("19:meeting_abc@thread.v2", reply.Conversation!.Id);
        Assert.Equal("72f988bf-86f1-41af-91ab-2d7cd011db47", reply.Conversation.TenantId);
        Assert.NotSame(incoming.Conversation, reply.Conversation);
        Assert.Equal("https://smba.trafficmanager.net/emea/", reply.ServiceUrl);
        Assert.Equal("msteams", reply.ChannelId);
        Assert.Equal("1741083330123", reply.ReplyToId);
        Assert.Equal("fr-FR", reply.Locale);
        Assert.Null(reply.Id);
        Assert.Null(reply.ChannelData);
    }

    [Fact]
    public void Hero_card_and_suggested_actions_serialise_as_the_protocol_expects()
    {
        var reply = new Activity
        {
            Type = ActivityTypes.Message,
            Attachments = [new HeroCard { Title = "Did this help?", Text = "Pick one" }.WithImBack("Yes").WithImBack("No", "no-help").ToAttachment()],
            SuggestedActions = SuggestedActions.ImBack("Ask a peer", "Stop"),
        };

        var json = JsonNode.Parse(ActivityJson.Serialize(reply))!;

        var card = json["attachments"]![0]!;
        Assert.Equal("application/vnd.microsoft.card.hero", (string?)card["contentType"]);
        Assert.Equal("Did this help?", (string?)card["content"]!["title"]);
        Assert.Equal("imBack", (string?)card["content"]!["buttons"]![1]!["type"]);
        Assert.Equal("no-help", (string?)card["content"]!["buttons"]![1]!["value"]);
        Assert.Equal("Ask a peer", (string?)json["suggestedActions"]!["actions"]![0]!["value"]);
        Assert.Equal(2, json["suggestedActions"]!["actions"]!.AsArray().Count);
    }

    [Fact]
    public void Bot_mention_is_stripped_and_other_mentions_stay()
    {
        var activity = TeamsMessage;
        activity.Text = "<at>SupportBot</at> ask <at>Grace</at> about it ";
        activity.Entities!.Add(JsonSerializer.Deserialize<Entity>(
            """{ "type": "mention", "mentioned": { "id": "29:grace", "name": "Grace" }, "text": "<at>Grace</at>" }""",
            ActivityJson.Options)!);

        TeamsMentions.StripBotMention(activity, "28:bot-app-id");

        Assert.Equal("ask <at>Grace</at> about it", activity.Text);
    }

    [Fact]
    public void Mention_of_someone_else_is_not_stripped()
    {
        var activity = TeamsMessage;

        TeamsMentions.StripBotMention(activity, "28:another-bot");

        Assert.Equal("<at>SupportBot</at> how do I submit my assignment?", activity.Text);
    }

    [Fact]
    public void Reference_takes_the_tenant_from_the_conversation()
    {
        var reference = ConversationReference.FromActivity(TeamsMessage);

        Assert.Equal(new ConversationReference(
            "msteams", "https://smba.trafficmanager.net/emea/", "19:meeting_abc@thread.v2", "72f988bf-86f1-41af-91ab-2d7cd011db47",
            "28:bot-app-id", "SupportBot", "29:1abcUserId", "Ada Learner", "6c1f6b4e-0d6a-4a8e-9d3e-1f2a3b4c5d6e", "fr-FR", "Europe/Paris",
            IsPersonal: false), // a meeting chat: others read it
            reference);
    }

    [Fact]
    public void Reference_falls_back_to_the_Teams_channelData_tenant()
    {
        var activity = TeamsMessage;
        activity.Conversation!.TenantId = null;
        activity.ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = "tenant-from-channel-data" } });

        Assert.Equal("tenant-from-channel-data", ConversationReference.FromActivity(activity).TenantId);
    }

    [Fact]
    public void Reference_has_no_tenant_outside_Teams()
    {
        var activity = TeamsMessage;
        activity.Conversation!.TenantId = null;
        activity.ChannelData = null;

        Assert.Null(ConversationReference.FromActivity(activity).TenantId);
    }

    [Fact]
    public void Reference_of_an_activity_without_a_conversation_is_refused()
    {
        var activity = TeamsMessage;
        activity.Conversation = null;

        var error = Assert.Throws<ArgumentException>(() => ConversationReference.FromActivity(activity));
        Assert.Contains("conversation.id", error.Message, StringComparison.Ordinal);
    }
}
