using SupportBot.Shared.Conversations;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Turns;

/// <summary>
/// "I want to help": explicit consent first (what it means, then a yes), revocable at any time with
/// "I don't want to help anymore". A new volunteer is offered every topic of the knowledge base.
/// </summary>
internal sealed class VolunteerTurn(PeopleStore people, FaqStore faq) : ITurnHandler
{
    private static readonly string[] Offers = ["je veux aider", "je voudrais aider", "devenir pair", "devenir volontaire", "i want to help", "i'd like to help", "become a volunteer"];
    private static readonly string[] Revocations = ["je ne veux plus aider", "ne plus aider", "arrêter d'aider", "i don't want to help anymore", "stop helping"];

    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage)
        {
            return false;
        }

        var text = turn.Text.TrimEnd('.', '!', ' ');
        if (Revocations.Any(r => text.Equals(r, StringComparison.OrdinalIgnoreCase)))
        {
            if (turn.PersonId is { } person)
            {
                await people.RevokeVolunteerAsync(person, ct);
            }

            await turn.SendAsync(turn.Say("C'est noté : vous ne recevrez plus de questions de pairs. Merci pour votre aide !",
                                          "Noted: you won't receive peers' questions anymore. Thank you for your help!"), ct);
            return true;
        }

        if (Offers.Any(o => text.Equals(o, StringComparison.OrdinalIgnoreCase)))
        {
            await turn.SendAsync(turn.Say(
                "Merci ! Être pair volontaire, c'est recevoir par e-mail, au plus 3 fois par semaine et jamais la nuit, des questions techniques d'autres apprenants ; vous répondez simplement à l'e-mail. Votre adresse n'est jamais montrée aux apprenants. Vous pouvez arrêter à tout moment (« ne plus aider », ou le lien dans chaque e-mail). On y va ?",
                "Thank you! Being a volunteer peer means receiving other learners' technical questions by email, at most 3 times a week and never at night; you simply reply to the email. Your address is never shown to learners. You can stop at any time (\"stop helping\", or the link in every email). Shall we?"),
                ct, ChatButtons.IWillHelp.In(turn.IsFrench), ChatButtons.Later.In(turn.IsFrench));
            return true;
        }

        if (ChatButtons.IWillHelp.Matches(turn.Text))
        {
            if (turn.PersonId is not { } person)
            {
                await turn.SendAsync(turn.Say("Ouvrez le chat depuis la page de votre cours pour vous inscrire comme pair.",
                                              "Open the chat from your course page to sign up as a peer."), ct);
                return true;
            }

            var topics = (await faq.LoadAllAsync(ct)).Select(e => e.Topic).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
            await people.UpsertVolunteerAsync(person, new VolunteerPreferences(topics, 3, new TimeOnly(21, 0), new TimeOnly(8, 0)), "chat", ct);
            await turn.SendAsync(turn.Say(
                "Bienvenue parmi les pairs volontaires ! Vous recevrez au plus 3 questions par semaine, entre 8 h et 21 h chez vous.",
                "Welcome among the volunteer peers! You'll get at most 3 questions a week, between 8am and 9pm your time."), ct);
            return true;
        }

        if (ChatButtons.Later.Matches(turn.Text))
        {
            await turn.SendAsync(turn.Say("Pas de souci, écrivez « je veux aider » quand vous voulez.", "No problem, write \"I want to help\" whenever you like."), ct);
            return true;
        }

        return false;
    }
}
