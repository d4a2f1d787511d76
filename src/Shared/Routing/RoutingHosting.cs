using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Incoming;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.Hosting;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Routing;

public static class RoutingHosting
{
    /// <summary>
    /// Peer routing by email (#5): the send log, outgoing mail, templates, the routing policy and
    /// stores, and the inbound reply handler. The jobs they start (<see cref="IRoutingJobs"/>) come
    /// from the Jobs project's AddSupportBotRoutingJobs().
    /// </summary>
    public static IHostApplicationBuilder AddSupportBotRouting(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<RoutingOptions>(RoutingOptions.SectionName);
        services.AddValidatedOptions<OutgoingMailOptions>(OutgoingMailOptions.SectionName);
        services.AddValidatedOptions<DeliveryOptions>(DeliveryOptions.SectionName);
        services.TryAddSingleton<SendLog>();
        services.TryAddSingleton<EmailDelivery>();
        services.TryAddSingleton<ChatDelivery>();
        services.TryAddSingleton<LearnerDelivery>();
        services.TryAddSingleton<EmailBounces>();
        services.TryAddSingleton<ReplyAddresses>();
        services.TryAddSingleton<UnsubscribeTokens>();
        services.TryAddSingleton<MailComposer>();
        services.TryAddSingleton<MailSender>();
        services.TryAddSingleton<MailTemplates>();
        services.TryAddSingleton<RoutingPolicy>();
        services.TryAddSingleton<QuestionStore>();
        services.TryAddSingleton<RecipientStore>();
        services.TryAddSingleton<AnswerStore>();
        services.TryAddSingleton<QuestionEmails>();
        services.TryAddSingleton<QuestionRouter>();
        services.TryAddSingleton<QuestionModules>();
        services.TryAddSingleton<QuestionTopics>();
        services.TryAddSingleton<IInboundMailHandler, InboundReplyHandler>();
        return builder;
    }
}
