using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Nudges;
using SupportBot.Shared.People;
using SupportBot.Shared.Email.Outgoing;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// Issue 17 item 3: a learner's personal messages (tutor messages, nudges, introductions) go only
/// to a 1:1 conversation with them, never to a team channel where they once @mentioned the bot;
/// when the bot has no 1:1 conversation with them yet, it opens one with the Connector.
/// </summary>
public sealed class PersonalConversationTests(FreshDatabase db) : IClassFixture<FreshDatabase>, IAsyncLifetime
{
    private readonly string run = Guid.NewGuid().ToString("N")[..8];
    private TeamsChannel teams = null!;
    private BotHost host = null!;

    private string ChannelConversation => $"19:general-{run}@thread.tacv2;messageid=1741083330123";

    public async Task InitializeAsync()
    {
        teams = await TeamsChannel.StartAsync();
        host = BotHost.StartListening(db.ConnectionString, teams.HostSettings());
        var people = host.Services.GetRequiredService<PeopleStore>();
        await people.UpsertCourseAsync("c", "Course", CancellationToken.None);
        await people.UpsertModuleAsync("m1", "c", "Module 1", null, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        await host.DisposeAsync();
        await teams.DisposeAsync();
    }

    [Fact]
    public async Task A_channel_mention_after_a_personal_chat_does_not_become_where_personal_messages_go()
    {
        var person = await AddLearnerAsync("lea");
        using var lea = teams.Learner(host.Address!, "29:lea-" + run, "Léa Dubois", $"lea.{run}@example.test");
        Assert.Equal(HttpStatusCode.OK, await lea.SaysAsync("bonjour"));
        await lea.BotMessagesAsync();
        Assert.Equal(HttpStatusCode.OK, await lea.MentionsTheBotInChannelAsync(ChannelConversation, "bonjour à tous"));
        await Task.Delay(200);
        var before = teams.Connector.Requests.Count;

        await SendPersonalMessageAsync(person, "Léa, votre tuteur vous écrit : pensez au devoir 3.");

        var sent = teams.Connector.Requests.Skip(before).Where(r => r.Method == "POST").ToList();
        var message = Assert.Single(sent);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(lea.ConversationId)}/activities", message.RawTarget);
        Assert.DoesNotContain(sent, r => r.RawTarget.Contains(Uri.EscapeDataString("19:general"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_learner_known_only_from_a_channel_gets_a_new_personal_conversation()
    {
        var person = await AddLearnerAsync("noe");
        using var noe = teams.Learner(host.Address!, "29:noe-" + run, "Noé Bernard", $"noe.{run}@example.test");
        Assert.Equal(HttpStatusCode.OK, await noe.MentionsTheBotInChannelAsync(ChannelConversation, "bonjour"));
        await Task.Delay(200);
        var before = teams.Connector.Requests.Count;

        await SendPersonalMessageAsync(person, "Noé, votre tuteur vous écrit.");

        var sent = teams.Connector.Requests.Skip(before).Where(r => r.Method == "POST").ToList();
        Assert.Equal(2, sent.Count);
        Assert.Equal("/v3/conversations", sent[0].RawTarget);
        Assert.Contains(TeamsChannel.TenantId, sent[0].Body, StringComparison.Ordinal);
        var personal = FakeConnectorService.PersonalConversationId(noe.UserId);
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(personal)}/activities", sent[1].RawTarget);
        Assert.Contains("votre tuteur", sent[1].Body, StringComparison.Ordinal);

        // The next personal message goes straight to that conversation.
        before = teams.Connector.Requests.Count;
        await SendPersonalMessageAsync(person, "Noé, un second message.", key: "second");
        var again = Assert.Single(teams.Connector.Requests.Skip(before));
        Assert.Equal($"/v3/conversations/{Uri.EscapeDataString(personal)}/activities", again.RawTarget);
    }

    private Task<Guid> AddLearnerAsync(string name) =>
        host.Services.GetRequiredService<PeopleStore>().UpsertLearnerAsync(
            new LearnerIdentity($"{name}-{run}", name, $"{name}.{run}@example.test", "m1", "fr", "Europe/Paris"), CancellationToken.None);

    private async Task SendPersonalMessageAsync(Guid person, string text, string key = "first")
    {
        using var scope = host.Services.CreateScope();
        var delivery = scope.ServiceProvider.GetRequiredService<LearnerDelivery>();
        var (_, channel) = await delivery.SendAsync($"security-test:{run}:{person}:{key}", new Recipient(person, "Learner", $"x.{run}@example.test", "fr", "Europe/Paris"),
            new RenderedMail("Message", text, $"<p>{text}</p>"), null, null, CancellationToken.None);
        Assert.Equal("chat", channel);
    }
}
