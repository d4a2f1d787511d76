using SupportBot.Bot.BotFramework;
using SupportBot.Bot.Dashboard;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Health;
using SupportBot.Bot.Observability;
using SupportBot.Bot.Questions;
using SupportBot.Bot.Turns;
using SupportBot.Bot.Unsubscribe;
using SupportBot.Bot.WebChat;
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
    builder.AddSupportBotDirectLine();
    builder.AddSupportBotTurns();
    builder.AddSupportBotHealth();

    var app = builder.Build();
    app.MapSupportBotHealth();
    app.MapJobsDashboard();
    app.MapBotFramework();
    app.MapDirectLine();
    app.MapWebChat();
    app.MapUnsubscribe();
    app.MapQuestionPage();
    return app;
});

/// <summary>Visible to WebApplicationFactory in the integration tests.</summary>
public partial class Program;
