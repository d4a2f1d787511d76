using Microsoft.Extensions.DependencyInjection.Extensions;
using SupportBot.Bot.BotFramework;
using SupportBot.Bot.Turns.StudyGroups;

namespace SupportBot.Bot.Turns;

public static class TurnsHosting
{
    public static IHostApplicationBuilder AddSupportBotTurns(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.TryAddSingleton<LanguageChooser>();
        services.TryAddSingleton<ConversationTurnGate>();
        services.TryAddSingleton<TeamsLearnerLookup>();
        services.TryAddSingleton<WelcomeTurn>();
        services.TryAddSingleton<SmallTalkTurn>();
        services.TryAddSingleton<ThanksTurn>();
        services.TryAddSingleton<QuestionContext>();
        services.TryAddSingleton<PeerOffer>();
        services.TryAddSingleton<StopEmailsTurn>();
        services.TryAddSingleton<VolunteerTurn>();
        services.TryAddSingleton<QuestionFollowUpTurn>();
        services.TryAddSingleton<SimilarAnswerTurn>();
        services.TryAddSingleton<PeerConfirmTurn>();
        services.TryAddSingleton<FaqFeedbackTurn>();
        services.TryAddSingleton<StudyGroupReplyTurn>();
        services.TryAddSingleton<StudyGroupSignUpTurn>();
        services.TryAddSingleton<FaqPicks>();
        services.TryAddSingleton<FaqTurn>();
        services.AddHostedService<FaqWarmUp>();
        services.TryAddSingleton<FallbackTurn>();
        services.TryAddSingleton(sp => new TurnRoutes(
        [
            sp.GetRequiredService<WelcomeTurn>(),
            sp.GetRequiredService<SmallTalkTurn>(),
            sp.GetRequiredService<ThanksTurn>(),
            sp.GetRequiredService<StopEmailsTurn>(),
            sp.GetRequiredService<VolunteerTurn>(),
            sp.GetRequiredService<QuestionFollowUpTurn>(),
            sp.GetRequiredService<SimilarAnswerTurn>(),
            sp.GetRequiredService<PeerConfirmTurn>(),
            sp.GetRequiredService<FaqFeedbackTurn>(),
            sp.GetRequiredService<StudyGroupReplyTurn>(),
            sp.GetRequiredService<StudyGroupSignUpTurn>(),
            sp.GetRequiredService<FaqTurn>(),
            sp.GetRequiredService<FallbackTurn>(),
        ]));
        services.AddScoped<IActivityProcessor, TurnPipeline>();
        return builder;
    }
}
