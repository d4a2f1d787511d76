using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Hosting;

namespace SupportBot.Shared.Nudges;

public static class NudgesHosting
{
    /// <summary>Inactivity nudges (#6) and tutors' personal messages (#7), for the worker, the CLI and the tutor pages alike.</summary>
    public static IHostApplicationBuilder AddSupportBotNudges(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotNudges)))
        {
            return builder;
        }

        builder.AddSupportBotDelivery();
        builder.Services.AddValidatedOptions<NudgeOptions>(NudgeOptions.SectionName);
        builder.Services.TryAddSingleton<NudgeStore>();
        builder.Services.TryAddTransient<NudgeSender>();
        builder.Services.TryAddTransient<TutorMessageSender>();
        return builder;
    }
}
