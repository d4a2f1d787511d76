using SupportBot.Bot.AnswerImages;
using SupportBot.Bot.Auth;
using SupportBot.Bot.BotFramework;
using SupportBot.Bot.Dashboard;
using SupportBot.Bot.DirectLine;
using SupportBot.Bot.Hosting.KeyRing;
using SupportBot.Bot.Hosting.Proxy;
using SupportBot.Bot.Health;
using SupportBot.Bot.Lti;
using SupportBot.Bot.Questions;
using SupportBot.Bot.Tutor;
using SupportBot.Bot.Turns;
using SupportBot.Bot.Unsubscribe;
using SupportBot.Bot.WebChat;

namespace SupportBot.Bot.Hosting;

/// <summary>The web host's own features, as AddSupportBotShared() is the shared project's: one call each way.</summary>
public static class WebHosting
{
    /// <summary>Channels (Bot Framework, Direct Line), the turn pipeline, health, tutor sign-in and pages.</summary>
    public static WebApplicationBuilder AddSupportBotWeb(this WebApplicationBuilder builder)
    {
        builder.AddSupportBotProxy();
        builder.AddSupportBotKeyRing();
        builder.AddSupportBotBotFramework();
        builder.AddSupportBotDirectLine();
        builder.AddSupportBotTurns();
        builder.AddSupportBotHealth();
        builder.AddSupportBotTutorAuth();
        builder.AddSupportBotTutor();
        builder.AddSupportBotLti();
        return builder;
    }

    /// <summary>In this order: the proxy's forwarded headers, health, then the tutor pages (which put the auth middleware in place) before every other endpoint.</summary>
    public static WebApplication MapSupportBotWeb(this WebApplication app)
    {
        app.UseSupportBotProxy();
        app.MapSupportBotHealth();
        app.MapTutor();
        app.MapJobsDashboard();
        app.MapBotFramework();
        app.MapDirectLine();
        app.MapWebChat();
        app.MapLti();
        app.MapUnsubscribe();
        app.MapAnswerImages();
        app.MapQuestionPage();
        return app;
    }
}
