using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Hosting;

namespace SupportBot.Shared.Digests;

public static class DigestsHosting
{
    /// <summary>Digests (#6) for volunteers (their local morning) and tutors (weekly per module).</summary>
    public static IHostApplicationBuilder AddSupportBotDigests(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotDigests)))
        {
            return builder;
        }

        builder.AddSupportBotDelivery();
        builder.Services.AddValidatedOptions<DigestOptions>(DigestOptions.SectionName);
        builder.Services.TryAddSingleton<DigestStore>();
        builder.Services.TryAddSingleton<DigestSender>();
        return builder;
    }
}
