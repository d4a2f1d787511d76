using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Email;
using SupportBot.Shared.Hosting;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Delivery;

public static class DeliveryHosting
{
    /// <summary>
    /// Exactly-once deliveries (the send log, email, chat, "chat else email" to a learner), for every
    /// feature that writes to people. Needs outgoing mail, the chat channels and people.
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotDelivery(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotDelivery)))
        {
            return builder;
        }

        builder.AddSupportBotPeople();
        builder.AddSupportBotEmail();
        builder.AddSupportBotConversations();
        var services = builder.Services;
        services.AddValidatedOptions<DeliveryOptions>(DeliveryOptions.SectionName);
        services.TryAddSingleton<SendLog>();
        services.TryAddSingleton<EmailDelivery>();
        services.TryAddSingleton<ChatDelivery>();
        services.TryAddSingleton<LearnerDelivery>();
        services.TryAddSingleton<AnswerImageLinks>();
        return builder;
    }
}
