using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Hosting;
using SupportBot.Shared.Routing;

namespace SupportBot.Shared.Email.Incoming;

public static class InboxTriageHosting
{
    /// <summary>What the inbox watcher hands each message to: <see cref="InboxTriage"/>, then routing for replies.</summary>
    public static IHostApplicationBuilder AddSupportBotInboxTriage(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotInboxTriage)))
        {
            return builder;
        }

        builder.AddSupportBotRouting();
        builder.Services.TryAddSingleton<ReturnPathFinder>();
        builder.Services.TryAddSingleton<IInboundMailHandler, InboxTriage>();
        return builder;
    }
}
