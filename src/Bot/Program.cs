using SupportBot.Bot.BotFramework;
using SupportBot.Bot.Dashboard;
using SupportBot.Bot.Health;
using SupportBot.Bot.Observability;
using SupportBot.Jobs.Hosting;
using SupportBot.Shared.Hosting;

return await HostRunner.RunAsync(() =>
{
    var builder = WebApplication.CreateBuilder(args);
    builder.Configuration.AddSupportBotSources(args);
    builder.AddSupportBotObservability();
    builder.AddSupportBotShared();
    builder.AddSupportBotJobs();
    builder.AddSupportBotBotFramework();
    builder.AddSupportBotHealth();

    var app = builder.Build();
    app.MapSupportBotHealth();
    app.MapJobsDashboard();
    app.MapBotFramework();
    app.MapGet("/", () => TypedResults.Text("SupportBot is running. The web chat arrives with issue #3.", "text/plain; charset=utf-8"));
    return app;
});

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
