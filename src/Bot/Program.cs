using SupportBot.Bot.Hosting;
using SupportBot.Bot.Observability;
using SupportBot.Jobs.Hosting;
using SupportBot.Shared.Hosting;

// The table of contents: each feature registers and maps itself (see its *Hosting.cs).
return await HostRunner.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddSupportBotSources(args);
    builder.AddSupportBotObservability(); // logs, traces, metrics
    builder.AddSupportBotShared();        // src/Shared: data, people, FAQ, routing, mail, campaigns
    builder.AddSupportBotJobs();          // src/Jobs: Hangfire storage, jobs, server, inbox watcher
    builder.AddSupportBotWeb();           // Hosting/WebHosting.cs: channels, turns, health, tutor pages

    var app = builder.Build();
    app.MapSupportBotWeb();
    return app;
});

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
