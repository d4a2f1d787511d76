using SupportBot.Shared.Conversations;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Says hello when the bot joins a conversation (Teams conversationUpdate naming the bot among the members added) or
/// when the web chat starts a new conversation (event "webchat/join", run by the server before the page gets its token,
/// <see cref="DirectLine.DirectLineApi.GreetAsync"/>).
/// </summary>
internal sealed class WelcomeTurn : ITurnHandler
{
    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        var a = turn.Activity;
        var joined = a.Type switch
        {
            ActivityTypes.ConversationUpdate => a.MembersAdded?.Any(m => m.Id == a.Recipient?.Id) == true,
            // Teams sends an installationUpdate and a conversationUpdate for one install: greeting on both said hello twice.
            ActivityTypes.InstallationUpdate => false,
            ActivityTypes.Event => a.Name == "webchat/join",
            _ => false,
        };
        if (!joined)
        {
            return a.Type is ActivityTypes.ConversationUpdate or ActivityTypes.InstallationUpdate;
        }

        await turn.SendAsync(
            turn.Say(
                "Bonjour ! Je suis SupportBot. Posez-moi vos questions techniques sur la plateforme (mot de passe, dépôt de devoir, vidéo, examens...). Si je ne sais pas répondre, je transmets votre question à des pairs volontaires ou à votre tuteur.",
                "Hello! I'm SupportBot. Ask me your technical questions about the platform (password, assignment upload, video, exams...). If I don't know, I'll pass your question on to volunteer peers or your tutor."),
            ct,
            turn.Say("Mot de passe oublié", "Forgot my password"),
            turn.Say("Aide", "Help"));
        return true;
    }
}
