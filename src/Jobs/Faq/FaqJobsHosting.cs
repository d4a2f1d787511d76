using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace SupportBot.Jobs.Faq;

public static class FaqJobsHosting
{
    public static IHostApplicationBuilder AddSupportBotFaqJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddTransient<ClusterFaqMissesJob>();
        return builder;
    }
}
