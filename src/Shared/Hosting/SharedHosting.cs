using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Data;
using SupportBot.Shared.Digests;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Faq;
using SupportBot.Shared.Lti;
using SupportBot.Shared.Nudges;
using SupportBot.Shared.People;
using SupportBot.Shared.Roster;
using SupportBot.Shared.Routing;
using SupportBot.Shared.StudyGroups.SignUp;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.Shared.Hosting;

public static class SharedHosting
{
    /// <summary>Everything a host needs from Shared, feature by feature, in dependency order.</summary>
    public static IHostApplicationBuilder AddSupportBotShared(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.AddSupportBotData();
        builder.AddSupportBotPeople();
        builder.AddSupportBotRoster();
        builder.AddSupportBotLtiPlatforms();
        builder.AddSupportBotFaq();
        builder.AddSupportBotEmail();
        builder.AddSupportBotConversations();
        builder.AddSupportBotDelivery();
        builder.AddSupportBotRouting();
        builder.AddSupportBotInboxTriage();
        builder.AddSupportBotCampaigns();
        builder.AddSupportBotDigests();
        builder.AddSupportBotNudges();
        builder.AddSupportBotStudyGroupSignUp();
        builder.AddSupportBotStudyGroupLifecycle();
        return builder;
    }
}
