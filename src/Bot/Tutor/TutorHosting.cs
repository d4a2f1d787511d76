using Microsoft.AspNetCore.RateLimiting;
using SupportBot.Bot.Auth;
using SupportBot.Bot.Tutor.Campaigns;
using SupportBot.Bot.Tutor.Insights;
using SupportBot.Bot.Tutor.Knowledge;
using SupportBot.Bot.Tutor.Learners;
using SupportBot.Bot.Tutor.Network;
using SupportBot.Bot.Tutor.Questions;
using SupportBot.Bot.Tutor.Silences;
using SupportBot.Bot.Tutor.StudyGroups;
using SupportBot.Bot.Tutor.Volunteers;

namespace SupportBot.Bot.Tutor;

public static class TutorHosting
{
    /// <summary>The tutor pages (Razor Pages under Tutor/ and Auth/) and their read models.</summary>
    public static IHostApplicationBuilder AddSupportBotTutor(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorPages(pages =>
        {
            // Pages live in their feature folders (Tutor/<Screen>/, Auth/), each with an explicit route.
            pages.RootDirectory = "/";
            pages.Conventions.AuthorizeFolder("/Tutor", TutorClaims.TutorPolicy);
            pages.Conventions.AddPageApplicationModelConvention("/Auth/SignIn",
                model => model.EndpointMetadata.Add(new EnableRateLimitingAttribute(SignInThrottle.Policy)));
        });
        // French pages: write accented letters as they are, not as character references.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.AddSingleton<TutorModules>();
        services.AddSingleton<QuestionQueries>();
        services.AddSingleton<TutorAnswers>();
        services.AddSingleton<VolunteerQueries>();
        services.AddSingleton<KnowledgeQueries>();
        services.AddSingleton<HelpNetwork>();
        services.AddSingleton<SilenceQueries>();
        services.AddTransient<SilenceActions>();
        services.AddSingleton<InsightQueries>();
        services.AddSingleton<LearnerSearch>();
        services.AddSingleton<GroupBoard>();
        services.AddSingleton<TutorCampaigns>();
        return builder;
    }

    public static WebApplication MapTutor(this WebApplication app)
    {
        app.UseSupportBotTutorAuth();
        app.MapRazorPages();
        app.MapTutorApi();
        return app;
    }
}
