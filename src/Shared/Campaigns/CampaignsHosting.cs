using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email;
using SupportBot.Shared.Hosting;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Campaigns;

public static class CampaignsHosting
{
    /// <summary>Campaigns (#6): store, dispatcher, batch sender, what tutors do (<see cref="CampaignLifecycle"/>, <see cref="CampaignPreviewer"/>). Needs deliveries.</summary>
    public static IHostApplicationBuilder AddSupportBotCampaigns(this IHostApplicationBuilder builder)
    {
        builder.AddSupportBotDelivery();
        var services = builder.Services;
        services.AddValidatedOptions<CampaignOptions>(CampaignOptions.SectionName);
        services.TryAddSingleton<LocalSendTime>();
        services.TryAddSingleton<AudiencePages>();
        services.TryAddSingleton<EmailOptOuts>();
        services.TryAddSingleton<CampaignStore>();
        services.TryAddSingleton<CampaignRateLimits>();
        services.TryAddSingleton<CampaignDispatcher>();
        services.TryAddSingleton<CampaignBatchSender>();
        services.TryAddSingleton<CampaignLifecycle>();
        services.TryAddSingleton<CampaignPreviewer>();
        return builder;
    }
}
