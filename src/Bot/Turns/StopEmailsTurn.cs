using SupportBot.Shared.Campaigns;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Turns;

/// <summary>
/// "stop" in the chat stops every email SupportBot sends the learner; "reprendre les e-mails" undoes it.
/// The "stop these messages" button under a campaign message stops the tutors' campaigns only, in the chat and by email.
/// </summary>
internal sealed class StopEmailsTurn(PeopleStore people) : ITurnHandler
{
    private static readonly string[] Stops = ["stop", "stop emails", "stop e-mails", "stop mails", "désabonner", "me désabonner", "unsubscribe"];
    private static readonly string[] Resumes = ["reprendre les e-mails", "reprendre les emails", "resume emails", "resume e-mails"];

    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage)
        {
            return false;
        }

        var text = turn.Text.TrimEnd('.', '!', ' ');
        if (CampaignChatMessage.IsStopButton(text))
        {
            if (turn.PersonId is { } learner)
            {
                await people.SetEmailOptOutAsync(learner, EmailCategories.Campaigns, optedOut: true, ct);
            }

            await turn.SendAsync(turn.Say("C'est fait : vous ne recevrez plus ces messages d'encouragement. Vos questions ont toujours leur réponse ici. Écrivez « reprendre les e-mails » pour changer d'avis.",
                "Done: you won't receive these encouragement messages anymore. Your questions still get answers here. Write \"resume emails\" to change your mind."), ct);
            return true;
        }

        var stop = Stops.Any(s => text.Equals(s, StringComparison.OrdinalIgnoreCase));
        var resume = Resumes.Any(s => text.Equals(s, StringComparison.OrdinalIgnoreCase));
        if (!stop && !resume)
        {
            return false;
        }

        if (turn.PersonId is { } person)
        {
            foreach (var category in EmailCategories.All)
            {
                await people.SetEmailOptOutAsync(person, category, optedOut: stop, ct);
            }
        }

        await turn.SendAsync(stop
            ? turn.Say("C'est fait : vous ne recevrez plus d'e-mails de SupportBot. Le chat reste ouvert. Écrivez « reprendre les e-mails » pour changer d'avis.",
                       "Done: you won't receive emails from SupportBot anymore. The chat stays open. Write \"resume emails\" to change your mind.")
            : turn.Say("C'est noté, les e-mails reprennent.", "Noted, emails are back on."), ct);
        return true;
    }
}
