using System.Globalization;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Faq;
using SupportBot.Shared.People;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// "I want to help": explicit consent first (what it means, then a yes), revocable at any time with
/// "I don't want to help anymore". A new volunteer is offered every topic of the knowledge base and
/// told which; someone who already volunteers is shown their topics, limits and pause instead of a
/// new sign-up, and changes their topics by naming exactly the ones they want ("my topics: ...").
/// Topics are never widened without the volunteer writing them; a returning volunteer keeps theirs.
/// </summary>
internal sealed class VolunteerTurn(PeopleStore people, FaqStore faq, TimeProvider clock) : ITurnHandler
{
    private static readonly string[] Offers = ["je veux aider", "je voudrais aider", "devenir pair", "devenir volontaire", "i want to help", "i'd like to help", "become a volunteer"];
    private static readonly string[] Revocations = ["je ne veux plus aider", "ne plus aider", "arrêter d'aider", "i don't want to help anymore", "stop helping"];
    private static readonly string[] TopicPrefixes = ["mes thèmes :", "mes thèmes:", "mes themes :", "mes themes:", "my topics:", "my topics :"];

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

        var offer = Offers.Any(o => text.Equals(o, StringComparison.OrdinalIgnoreCase));
        var prefix = TopicPrefixes.FirstOrDefault(p => turn.Text.StartsWith(p, StringComparison.OrdinalIgnoreCase));
        if (ChatButtons.Later.Matches(turn.Text))
        {
            await turn.SendAsync(turn.Say("Pas de souci, écrivez « je veux aider » quand vous voulez.", "No problem, write \"I want to help\" whenever you like."), ct);
            return true;
        }

        if (!offer && prefix is null && !ChatButtons.ChangeTopics.Matches(turn.Text) && !ChatButtons.IWillHelp.Matches(turn.Text))
        {
            return false;
        }

        // Read only for these few messages: every other turn passes through here too.
        var current = turn.PersonId is { } who ? await people.FindVolunteerAsync(who, ct) : null;
        var active = current is { Revoked: false } ? current : null;
        if (offer)
        {
            if (active is not null)
            {
                await ShowAsync(turn, active, turn.Say("Vous êtes déjà pair volontaire, merci !", "You already volunteer, thank you!"), ct);
                return true;
            }

            await turn.SendAsync(turn.Say(
                "Merci ! Être pair volontaire, c'est recevoir par e-mail, au plus 3 fois par semaine et jamais la nuit, des questions techniques d'autres apprenants ; vous répondez simplement à l'e-mail. Votre adresse n'est jamais montrée aux apprenants. Vous pouvez arrêter à tout moment (« ne plus aider », ou le lien dans chaque e-mail). On y va ?",
                "Thank you! Being a volunteer peer means receiving other learners' technical questions by email, at most 3 times a week and never at night; you simply reply to the email. Your address is never shown to learners. You can stop at any time (\"stop helping\", or the link in every email). Shall we?"),
                ct, ChatButtons.IWillHelp.In(turn.IsFrench), ChatButtons.Later.In(turn.IsFrench));
            return true;
        }

        if (ChatButtons.ChangeTopics.Matches(turn.Text))
        {
            await turn.SendAsync(active is null
                ? NotAVolunteer(turn)
                : turn.Say("Écrivez « mes thèmes : » suivi des thèmes que vous voulez, séparés par des virgules, parmi : ",
                           "Write \"my topics:\" followed by the topics you want, separated by commas, among: ") + TopicList(await AllTopicsAsync(ct), turn), ct);
            return true;
        }

        if (prefix is not null)
        {
            await ChangeTopicsAsync(turn, active, turn.Text[prefix.Length..], ct);
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

            if (active is not null)
            {
                await ShowAsync(turn, active, turn.Say("Vous êtes déjà pair volontaire, rien ne change.", "You already volunteer; nothing changes."), ct);
                return true;
            }

            // Coming back: the topics and limits they had; new: every topic, and they are told which.
            var preferences = current?.Preferences
                ?? new VolunteerPreferences([.. await AllTopicsAsync(ct)], 3, new TimeOnly(21, 0), new TimeOnly(8, 0));
            await people.UpsertVolunteerAsync(person, preferences, "chat", ct);
            await turn.SendAsync(turn.Say(
                $"Bienvenue parmi les pairs volontaires ! Vous recevrez au plus {preferences.MaxQuestionsPerWeek} questions par semaine{Quiet(preferences.QuietFrom, preferences.QuietUntil, "fr")}, sur ces thèmes : {TopicList(preferences.Topics, turn)}. Pour les changer, écrivez « mes thèmes : » suivi de ceux que vous voulez.",
                $"Welcome among the volunteer peers! You'll get at most {preferences.MaxQuestionsPerWeek} questions a week{Quiet(preferences.QuietFrom, preferences.QuietUntil, "en")}, on these topics: {TopicList(preferences.Topics, turn)}. To change them, write \"my topics:\" followed by the ones you want."), ct);
            return true;
        }

        return false;
    }

    private Task ShowAsync(TurnContext turn, VolunteerState state, string lead, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var culture = CultureInfo.GetCultureInfo(turn.IsFrench ? "fr-FR" : "en-GB");
        var paused = state.PausedUntil is { } until && until >= today
            ? turn.Say($" Vous êtes en pause jusqu'au {until.ToString("d MMMM", culture)}.", $" You are paused until {until.ToString("d MMMM", culture)}.")
            : "";
        return turn.SendAsync(
            $"{lead} " + turn.Say(
                $"Vos thèmes : {TopicList(state.Topics, turn)}. Au plus {state.MaxQuestionsPerWeek} questions par semaine{Quiet(state.QuietFrom, state.QuietUntil, "fr")}.{paused} Voulez-vous changer vos thèmes ?",
                $"Your topics: {TopicList(state.Topics, turn)}. At most {state.MaxQuestionsPerWeek} questions a week{Quiet(state.QuietFrom, state.QuietUntil, "en")}.{paused} Would you like to change your topics?"),
            ct, ChatButtons.ChangeTopics.In(turn.IsFrench), ChatButtons.Later.In(turn.IsFrench));
    }

    /// <summary>Exactly the topics named (by label or code), all known, at least one; otherwise nothing changes and the reply says why.</summary>
    private async Task ChangeTopicsAsync(TurnContext turn, VolunteerState? active, string named, CancellationToken ct)
    {
        if (active is null || turn.PersonId is not { } person)
        {
            await turn.SendAsync(NotAVolunteer(turn), ct);
            return;
        }

        var all = await AllTopicsAsync(ct);
        var chosen = new List<string>();
        var unknown = new List<string>();
        foreach (var word in named.Split([',', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var topic = all.FirstOrDefault(t => string.Equals(t, word, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Topics.Label(t, "fr"), word, StringComparison.OrdinalIgnoreCase)
                || string.Equals(Topics.Label(t, "en"), word, StringComparison.OrdinalIgnoreCase));
            if (topic is null)
            {
                unknown.Add(word);
            }
            else if (!chosen.Contains(topic, StringComparer.Ordinal))
            {
                chosen.Add(topic);
            }
        }

        if (unknown.Count > 0 || chosen.Count == 0)
        {
            var which = unknown.Count > 0
                ? turn.Say($"Je ne connais pas le thème « {string.Join(" », « ", unknown)} »", $"I don't know the topic \"{string.Join("\", \"", unknown)}\"")
                : turn.Say("Je n'ai trouvé aucun thème", "I found no topic");
            await turn.SendAsync(turn.Say($"{which} ; vos thèmes ne changent pas. Thèmes possibles : ", $"{which}; your topics stay as they were. Possible topics: ")
                + TopicList(all, turn) + ".", ct);
            return;
        }

        await people.SetVolunteerTopicsAsync(person, chosen, ct);
        await turn.SendAsync(turn.Say($"C'est noté, vos thèmes sont maintenant : {TopicList(chosen, turn)}.", $"Noted, your topics are now: {TopicList(chosen, turn)}."), ct);
    }

    private async Task<List<string>> AllTopicsAsync(CancellationToken ct) =>
        [.. (await faq.LoadAllAsync(ct)).Select(e => e.Topic).Where(t => !string.IsNullOrWhiteSpace(t)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private static string NotAVolunteer(TurnContext turn) =>
        turn.Say("Vous n'êtes pas pair volontaire pour le moment. Écrivez « je veux aider » pour le devenir.",
                 "You don't volunteer at the moment. Write \"I want to help\" to become a volunteer peer.");

    private static string TopicList(IEnumerable<string> topics, TurnContext turn) =>
        string.Join(", ", topics.Select(t => Topics.Label(t, turn.Language)));

    private static string Quiet(TimeOnly? from, TimeOnly? until, string language) => (from, until) switch
    {
        ({ } f, { } u) when language == "fr" => $", jamais entre {f:HH\\:mm} et {u:HH\\:mm} chez vous",
        ({ } f, { } u) => $", never between {f:HH\\:mm} and {u:HH\\:mm} your time",
        _ => "",
    };
}
