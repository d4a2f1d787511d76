using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Hosting;

namespace SupportBot.Shared.Faq;

public static class FaqHosting
{
    public static IHostApplicationBuilder AddSupportBotFaq(this IHostApplicationBuilder builder)
    {
        builder.Services.AddValidatedOptions<FaqEmbeddingOptions>(FaqEmbeddingOptions.SectionName);
        builder.Services.TryAddSingleton<SentenceEmbedder>();
        builder.Services.TryAddSingleton<FaqStore>();
        builder.Services.TryAddSingleton<FaqCatalog>();
        builder.Services.TryAddSingleton<FaqQueryLog>();
        builder.Services.TryAddSingleton<FaqMissClusterStore>();
        builder.Services.TryAddSingleton<FaqSuggestions>();
        return builder;
    }
}
