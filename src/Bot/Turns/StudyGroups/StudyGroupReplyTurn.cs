using System.Text.RegularExpressions;
using SupportBot.Shared.StudyGroups.Groups;

namespace SupportBot.Bot.Turns.StudyGroups;

/// <summary>
/// A learner's answers about study groups (#8): the accept / decline buttons of a proposal (they
/// carry the group's code), "j'accepte" / "I accept" and "je refuse" / "decline" when exactly one
/// proposal waits, "quitter mon groupe" / "leave my group", and "stop rappels" / "no reminders"
/// ("reprendre les rappels" / "reminders on" undoes it).
/// </summary>
internal sealed partial class StudyGroupReplyTurn(StudyGroupMembership groups) : ITurnHandler
{
    private static readonly string[] Leaves = ["quitter mon groupe", "quitter le groupe", "quitter mon groupe d'étude", "leave my group", "leave the group", "leave my study group"];
    private static readonly string[] StopReminders = ["stop rappels", "stop rappel", "stop aux rappels", "plus de rappels", "no reminders", "stop reminders"];
    private static readonly string[] ResumeReminders = ["reprendre les rappels", "reminders on", "resume reminders"];

    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage)
        {
            return false;
        }

        var text = turn.Text.TrimEnd('.', '!', ' ').Replace('’', '\'');
        if (Accept().Match(text) is { Success: true } accept)
        {
            return await AnswerAsync(turn, true, Code(accept), ct);
        }

        if (Decline().Match(text) is { Success: true } decline)
        {
            return await AnswerAsync(turn, false, Code(decline), ct);
        }

        var leave = Leaves.Any(l => text.Equals(l, StringComparison.OrdinalIgnoreCase));
        var stop = StopReminders.Any(s => text.Equals(s, StringComparison.OrdinalIgnoreCase));
        var resume = ResumeReminders.Any(s => text.Equals(s, StringComparison.OrdinalIgnoreCase));
        if (!leave && !stop && !resume)
        {
            return false;
        }

        if (turn.PersonId is not { } person)
        {
            await SignInFirstAsync(turn, ct);
            return true;
        }

        if (leave)
        {
            var left = await groups.LeaveAsync(person, null, ct);
            await turn.SendAsync(left.Outcome switch
            {
                LeaveOutcome.GroupContinues or LeaveOutcome.GroupDissolved => turn.Say(
                    $"C'est fait : vous avez quitté votre groupe d'étude pour {left.ModuleTitle}. Les autres membres sont prévenus qu'un membre est parti, sans votre nom. Vous restez inscrit·e aux groupes ; on ne vous proposera plus avec les mêmes personnes.",
                    $"Done: you left your study group for {left.ModuleTitle}. The other members are told that a member left, without your name. You stay signed up for groups; you won't be proposed with the same people again."),
                LeaveOutcome.Ambiguous => turn.Say("Vous êtes dans plusieurs groupes d'étude : un tuteur peut vous aider à quitter celui que vous voulez.",
                    "You are in several study groups: a tutor can help you leave the one you want."),
                _ => turn.Say("Vous n'êtes dans aucun groupe d'étude pour l'instant.", "You are not in a study group right now."),
            }, ct);
            return true;
        }

        var changed = await groups.SetRemindersAsync(person, on: resume, ct);
        await turn.SendAsync(changed == 0
            ? turn.Say("Vous n'êtes dans aucun groupe d'étude actif pour l'instant.", "You are not in an active study group right now.")
            : stop
                ? turn.Say($"C'est fait : plus de rappels avant les moments de votre groupe. Écrivez « {GroupPhrases.ResumeReminders("fr")} » pour les réactiver.",
                           $"Done: no more reminders before your group's times. Write \"{GroupPhrases.ResumeReminders("en")}\" to turn them back on.")
                : turn.Say("C'est noté, les rappels reprennent.", "Noted, reminders are back on."), ct);
        return true;
    }

    private async Task<bool> AnswerAsync(TurnContext turn, bool accepting, string? code, CancellationToken ct)
    {
        if (turn.PersonId is not { } person)
        {
            await SignInFirstAsync(turn, ct);
            return true;
        }

        var result = accepting ? await groups.AcceptAsync(person, code, ct) : await groups.DeclineAsync(person, code, ct);
        await turn.SendAsync(result.Outcome switch
        {
            AnswerOutcome.WaitingForOthers => turn.Say(
                $"Merci, c'est noté pour {result.ModuleTitle} ! Nous attendons la réponse des autres membres ; quand tout le monde aura accepté, vous recevrez leurs prénoms et adresses, et eux les vôtres.",
                $"Thank you, noted for {result.ModuleTitle}! We are waiting for the other members; once everyone has accepted, you will receive their first names and addresses, and they yours."),
            AnswerOutcome.GroupActive => turn.Say(
                $"Merci ! Tout le monde a accepté : votre groupe d'étude pour {result.ModuleTitle} est formé. Les présentations arrivent dans un instant.",
                $"Thank you! Everyone accepted: your study group for {result.ModuleTitle} is formed. Introductions are on their way."),
            AnswerOutcome.Declined => turn.Say(
                $"C'est noté, ce groupe ne se fera pas pour vous. Vous restez inscrit·e pour {result.ModuleTitle} ; on ne vous proposera plus avec les mêmes personnes.",
                $"Noted, you won't join this group. You stay signed up for {result.ModuleTitle}; you won't be proposed with the same people again."),
            AnswerOutcome.Ambiguous => turn.Say(
                "Plusieurs propositions de groupe attendent votre réponse : utilisez les boutons sous chacune d'elles.",
                "Several group proposals are waiting for your answer: use the buttons under each of them."),
            _ => turn.Say("Aucune proposition de groupe d'étude n'attend votre réponse.", "No study group proposal is waiting for your answer."),
        }, ct);
        return true;
    }

    private static Task SignInFirstAsync(TurnContext turn, CancellationToken ct) =>
        turn.SendAsync(turn.Say("Ouvrez le chat depuis la page de votre cours pour gérer vos groupes d'étude.",
                                "Open the chat from your course page to manage your study groups."), ct);

    private static string? Code(Match m) => m.Groups["code"].Success ? m.Groups["code"].Value : null;

    [GeneratedRegex(@"^(j'accepte|j'accepte la proposition|accepter|i accept|accept)(\s+(le\s+)?(groupe|group)\s+(?<code>[0-9a-f]{8}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Accept();

    [GeneratedRegex(@"^(je refuse|je décline|refuser|decline|i decline)(\s+(le\s+)?(groupe|group)\s+(?<code>[0-9a-f]{8}))?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Decline();
}
