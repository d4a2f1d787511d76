using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Campaigns;

public sealed class CampaignChatTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task A_learner_the_bot_can_reach_in_the_chat_gets_the_campaign_there_and_not_by_email()
    {
        await using var world = await CampaignWorld.StartAsync(db, new DateTimeOffset(2027, 3, 28, 15, 1, 0, TimeSpan.Zero));
        var sofia = new LearnerIdentity("sofia-" + world.Tag, "Sofia Test", world.EmailOf("Sofia"), world.ModuleId, "fr", "Europe/Paris");
        var chat = await WebChatLearner.OpenAsync(world.Root, sofia);
        await chat.SaysAsync("bonjour");
        await chat.BotMessagesAsync();
        await world.LearnerAsync("Emma", "Europe/Paris");

        var campaign = await world.ScheduleAsync(LocalSchedule.Once(new DateOnly(2027, 3, 28), new TimeOnly(17, 0)), CampaignChannel.ChatElseEmail);
        await world.SendAsync(await world.DispatchAsync());

        var messages = await chat.BotMessagesAsync();
        Assert.Contains(messages, m => m.GetProperty("text").GetString()!.StartsWith("Bonjour Sofia, on croit en vous pour Statistiques !", StringComparison.Ordinal));
        var mail = await Smtp4dev.MessagesAsync(world.Tag);
        Assert.Equal(world.EmailOf("Emma"), Assert.Single(mail).To, ignoreCase: true);
        Assert.Equal(2, (await world.Campaigns.ProgressAsync(campaign, CancellationToken.None)).Sent);
    }
}
