using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Hosting;

namespace SupportBot.Jobs.Inbox;

public static class InboxHosting
{
    /// <summary>
    /// The inbox watcher, unless Inbox:Enabled is false. Every worker may run one: only the holder
    /// of the inbox lock watches. The <c>IInboundMailHandler</c> comes from routing.
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotInbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<InboxOptions>(InboxOptions.SectionName);
        var options = builder.Configuration.GetSection(InboxOptions.SectionName).Get<InboxOptions>() ?? new InboxOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<InboxPositionStore>();
        builder.Services.TryAddSingleton<InboxQuarantine>();
        builder.Services.TryAddSingleton<InboxLeadership>();
        builder.Services.AddMailLogin();
        builder.Services.AddHostedService<InboxWatcher>();
        return builder;
    }
}
