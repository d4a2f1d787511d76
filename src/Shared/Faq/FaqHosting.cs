using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Hosting;

namespace SupportBot.Shared.Faq;

public static class FaqHosting
{
    public static IHostApplicationBuilder AddSupportBotFaq(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<FaqEmbeddingOptions>(FaqEmbeddingOptions.SectionName);
        builder.Services.TryAddSingleton(services =>
        {
            var options = services.GetRequiredService<IOptions<FaqEmbeddingOptions>>().Value;
            return new SentenceEmbedder(options.GlossFrench, options.TranslateFrench);
        });
        builder.Services.TryAddSingleton<FaqStore>();
        builder.Services.TryAddSingleton<FaqCatalog>();
        builder.Services.TryAddSingleton<FaqQueryLog>();
        builder.Services.TryAddSingleton<FaqMissClusterStore>();
        builder.Services.TryAddSingleton<FaqSuggestions>();
        return builder;
    }
}
