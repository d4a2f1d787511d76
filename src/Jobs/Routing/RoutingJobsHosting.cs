using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using SupportBot.Shared.Hosting;
using SupportBot.Shared.Routing;

namespace SupportBot.Jobs.Routing;

public static class RoutingJobsHosting
{
    /// <summary>The jobs of peer routing and relay (#5), and the Hangfire side of <see cref="IRoutingJobs"/>.</summary>
    public static IHostApplicationBuilder AddSupportBotRoutingJobs(this IHostApplicationBuilder builder)
    {
        builder.AddSupportBotRouting();
        var services = builder.Services;
        services.AddValidatedOptions<RelayOptions>(RelayOptions.SectionName);
        services.TryAddSingleton<IRoutingJobs, HangfireRoutingJobs>();
        services.TryAddTransient<RouteQuestionJob>();
        services.TryAddTransient<ResumeRoutingJob>();
        services.TryAddTransient<SendQuestionEmailJob>();
        services.TryAddTransient<EscalateQuestionJob>();
        services.TryAddTransient<ThankPeerJob>();
        services.TryAddSingleton<AnswerImagePlan>();
        services.TryAddTransient<RelayAnswerJob>();
        services.TryAddTransient<EmailAnswerCopyJob>();
        return builder;
    }
}
