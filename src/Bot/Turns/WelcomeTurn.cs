using SupportBot.Shared.Conversations;
using SupportBot.Shared.Conversations.DirectLine;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Says hello when the bot joins a conversation (Teams conversationUpdate naming the bot among the members added) or
/// when the web chat page opens a new conversation (event "webchat/join"), unless the learner has already written in
/// it: a hello after their question is noise, and its buttons would replace the ones under the answer.
/// </summary>
internal sealed class WelcomeTurn(DirectLineStore directLine) : ITurnHandler
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

        // The page posts the join as it opens; a learner who typed at once may be read first.
        if (a.Type == ActivityTypes.Event && a.ChannelId == DirectLineStore.ChannelId && a.Conversation?.Id is { } conversation
            && await directLine.HasLearnerMessageAsync(conversation, ct))
        {
            return true;
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
