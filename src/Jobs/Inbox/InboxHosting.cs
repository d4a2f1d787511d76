using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Hosting;

namespace SupportBot.Jobs.Inbox;

public static class InboxHosting
{
    /// <summary>
    /// The inbox watcher, unless Inbox:Enabled is false. Every worker may run one: only the holder
    /// of the inbox lock watches; each message goes to the inbox triage (<see cref="InboxTriage"/>).
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotInbox(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotInbox)))
        {
            return builder;
        }

        builder.Services.AddValidatedOptions<InboxOptions>(InboxOptions.SectionName);
        var options = builder.Configuration.GetSection(InboxOptions.SectionName).Get<InboxOptions>() ?? new InboxOptions();
        if (!options.Enabled)
        {
            return builder;
        }

        builder.AddSupportBotInboxTriage();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.TryAddSingleton<InboxPositionStore>();
        builder.Services.TryAddSingleton<InboxLeadership>();
        builder.Services.AddHostedService<InboxWatcher>();
        return builder;
    }
}
