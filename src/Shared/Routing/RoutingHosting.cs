using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Hosting;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Routing;

public static class RoutingHosting
{
    /// <summary>
    /// Peer routing by email (#5): the routing policy, question and recipient stores, the question
    /// emails and what happens to a reply. Needs deliveries. The jobs it starts (<see cref="IRoutingJobs"/>)
    /// come from the Jobs project's AddSupportBotRoutingJobs().
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotRouting(this IHostApplicationBuilder builder)
    {
        if (!builder.FirstRegistration(nameof(AddSupportBotRouting)))
        {
            return builder;
        }

        builder.AddSupportBotDelivery();
        var services = builder.Services;
        services.AddValidatedOptions<RoutingOptions>(RoutingOptions.SectionName);
        services.TryAddSingleton<RoutingPolicy>();
        services.TryAddSingleton<QuestionStore>();
        services.TryAddSingleton<RecipientStore>();
        services.TryAddSingleton<AnswerStore>();
        services.TryAddSingleton<QuestionEmails>();
        services.TryAddSingleton<QuestionRouter>();
        services.TryAddSingleton<TutorCorrections>();
        services.TryAddSingleton<QuestionModules>();
        services.TryAddSingleton<QuestionTopics>();
        services.TryAddSingleton<ReplyIntake>();
        services.TryAddSingleton<SimilarAnswerFinder>();
        services.TryAddSingleton<SimilarAnswerOffers>();
        return builder;
    }
}
