using Microsoft.Extensions.Hosting;
using SupportBot.Jobs.Hosting;
using SupportBot.Shared.Hosting;

namespace SupportBot.Jobs;

/// <summary>A worker process without the web host, for scaling jobs out on their own machines.</summary>
public static class WorkerProgram
{
    public static Task<int> Main(string[] args) => HostRunner.RunAsync(() =>
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddSupportBotSources(args);
        builder.AddSupportBotShared();
        builder.AddSupportBotJobs();
        return builder.Build();
    });
}
