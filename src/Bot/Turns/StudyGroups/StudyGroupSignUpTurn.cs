using SupportBot.Shared.Conversations;
using SupportBot.Shared.People;
using SupportBot.Shared.StudyGroups;
using SupportBot.Shared.StudyGroups.Availability;
using SupportBot.Shared.StudyGroups.Groups;
using SupportBot.Shared.StudyGroups.SignUp;

namespace SupportBot.Bot.Turns.StudyGroups;

/// <summary>
/// Signing up for a study group (#8), consent first: "groupe d'étude" explains that nobody sees
/// anyone's name, email or times before every member of a proposed group has accepted, then asks
/// the module (when several), the group size, the language and when the learner studies, repeats
/// the times back in their own time zone and stores nothing before their yes. "mes
/// disponibilités" shows and changes the times; "quitter les groupes d'étude" withdraws, declines
/// any proposal waiting and leaves any active group (the others are told and re-matched). The
/// dialog's state lives in PostgreSQL (any bot instance takes the next turn) and goes stale after
/// an hour, so a learner back the next day with a question is not read as a schedule.
/// </summary>
internal sealed class StudyGroupSignUpTurn(StudyGroupSignUpStore store, StudyGroupMembership groups, PeopleStore people, TimeProvider clock) : ITurnHandler
{
    private static readonly TimeSpan DraftLifetime = TimeSpan.FromHours(1);

    private static readonly string[] Starts = ["groupe d etude", "groupes d etude", "groupe de travail", "groupe de revision", "study group", "study buddy", "study partner"];
    private static readonly HashSet<string> Withdrawals =
    [
        "quitter les groupes d etude", "quitter le groupe d etude", "arreter les groupes d etude", "plus de groupe d etude",
        "je ne veux plus de groupe d etude", "stop groupes d etude", "stop study groups", "stop study group", "leave study groups", "no more study groups",
    ];
    private static readonly HashSet<string> ShowAvailability =
    [
        "mes disponibilites", "mes dispos", "mes disponibilite", "mes horaires", "changer mes disponibilites", "my availability", "my availabilities",
        "change my availability", "my study times",
    ];
    private static readonly HashSet<string> Cancels = ["annuler", "annule", "laisser tomber", "abandonner", "cancel", "never mind", "nevermind"];

    public async Task<bool> TryHandleAsync(TurnContext turn, CancellationToken ct)
    {
        if (!turn.Activity.IsMessage || turn.Text.Length == 0)
        {
            return false;
        }

        var text = SmallTalkTurn.Normalise(turn.Text);
        if (Withdrawals.Contains(text))
        {
            await WithdrawAsync(turn, ct);
            return true;
        }

        if (ShowAvailability.Contains(text))
        {
            await ShowAvailabilityAsync(turn, ct);
            return true;
        }

        if (Starts.Any(s => text.Contains(s, StringComparison.Ordinal)))
        {
            await StartAsync(turn, ct);
            return true;
        }

        if (turn.PersonId is not { } person || await store.FindDraftAsync(person, clock.GetUtcNow() - DraftLifetime, ct) is not { } draft)
        {
            return false;
        }

        if (Cancels.Contains(text))
        {
            await store.DeleteDraftAsync(person, ct);
            await turn.SendAsync(turn.Say("D'accord, j'arrête là. Rien n'a été enregistré.", "All right, I'll stop here. Nothing was saved."), ct);
            return true;
        }

        return await ContinueAsync(turn, draft, text, ct);
    }

    private async Task StartAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.PersonId is not { } person)
        {
            await SayOpenFromCourseAsync(turn, ct);
            return;
        }

        var modules = await people.ListEnrolledModulesAsync(person, ct);
        if (modules.Count == 0)
        {
            await turn.SendAsync(turn.Say(
                "Je ne vois aucun module où vous êtes inscrit. Ouvrez le chat depuis la page de votre cours, puis réessayez.",
                "I can't see any module you're enrolled in. Open the chat from your course page, then try again."), ct);
            return;
        }

        await turn.SendAsync(turn.Say(
            "Un groupe d'étude, c'est 3 à 6 apprenants du même module qui travaillent aux mêmes heures. Je cherche des personnes qui partagent vos créneaux, chacun dans son fuseau horaire.\n\n**Personne ne voit votre nom, votre e-mail ni vos horaires avant que tous les membres du groupe proposé aient accepté.** Vous pouvez arrêter à tout moment (« quitter les groupes d'étude »), ou écrire « annuler » pendant l'inscription.",
            "A study group is 3 to 6 learners of the same module who study at the same times. I look for people who share your time slots, each in their own time zone.\n\n**Nobody sees your name, email or times before every member of the proposed group has accepted.** You can stop at any time (\"stop study groups\"), or write \"cancel\" while signing up."), ct);

        if (modules.Count == 1)
        {
            var draft = new SignUpDraft(person, SignUpPurpose.SignUp, SignUpStep.Size, ModuleId: modules[0].Id);
            await store.SaveDraftAsync(draft, clock.GetUtcNow(), ct);
            await AskSizeAsync(turn, modules[0].Title, ct);
            return;
        }

        await store.SaveDraftAsync(new SignUpDraft(person, SignUpPurpose.SignUp, SignUpStep.Module), clock.GetUtcNow(), ct);
        await turn.SendAsync(turn.Say("Pour quel module ?", "For which module?"), ct, modules.Select(m => m.Title));
    }

    private async Task<bool> ContinueAsync(TurnContext turn, SignUpDraft draft, string text, CancellationToken ct)
    {
        switch (draft.Step)
        {
            case SignUpStep.Module:
                var modules = await people.ListEnrolledModulesAsync(draft.PersonId, ct);
                var module = modules.FirstOrDefault(m => SmallTalkTurn.Normalise(m.Title) == text || SmallTalkTurn.Normalise(m.Id) == text);
                if (module is null)
                {
                    return false;
                }

                await SaveAsync(draft with { Step = SignUpStep.Size, ModuleId = module.Id }, ct);
                await AskSizeAsync(turn, module.Title, ct);
                return true;

            case SignUpStep.Size:
                var digits = text.Where(char.IsDigit).ToList();
                if (digits.Count == 0)
                {
                    return false;
                }

                var size = digits.Count == 1 ? digits[0] - '0' : 0;
                if (size is < StudyGroupSignUpStore.MinGroupSize or > StudyGroupSignUpStore.MaxGroupSize)
                {
                    await turn.SendAsync(turn.Say("Un groupe compte de 3 à 6 personnes, vous compris. Combien ?", "A group has 3 to 6 people, you included. How many?"),
                        ct, ChatButtons.GroupSizes);
                    return true;
                }

                await SaveAsync(draft with { Step = SignUpStep.Language, GroupSize = size }, ct);
                await turn.SendAsync(turn.Say("En quelle langue ?", "In which language?"), ct, ChatButtons.GroupInFrench, ChatButtons.GroupInEnglish);
                return true;

            case SignUpStep.Language:
                var language = text switch
                {
                    "francais" or "french" or "fr" or "en francais" or "in french" => "fr",
                    "english" or "anglais" or "en" or "en anglais" or "in english" => "en",
                    _ => null,
                };
                if (language is null)
                {
                    return false;
                }

                await SaveAsync(draft with { Step = SignUpStep.Availability, Language = language }, ct);
                await AskTimesAsync(turn, draft.PersonId, offerKeep: true, ct);
                return true;

            case SignUpStep.Availability:
                if (ChatButtons.KeepTimes.Matches(turn.Text) && await store.FindAvailabilityAsync(draft.PersonId, ct) is { } saved)
                {
                    await ConfirmAsync(turn, draft with { Step = SignUpStep.Confirm, Slots = saved.Slots, SourceText = saved.SourceText }, ct);
                    return true;
                }

                await ReadTimesAsync(turn, draft, ct);
                return true;

            case SignUpStep.Confirm or SignUpStep.Review:
                if (ChatButtons.ThatsRight.Matches(turn.Text) || ChatButtons.AllGood.Matches(turn.Text))
                {
                    await FinishAsync(turn, draft, ct);
                    return true;
                }

                if (ChatButtons.Change.Matches(turn.Text) || text is "non" or "no")
                {
                    await SaveAsync(draft with { Step = SignUpStep.Availability }, ct);
                    await AskTimesAsync(turn, draft.PersonId, offerKeep: false, ct);
                    return true;
                }

                // Writing new times instead of pressing "Change" is a change too; anything else is not for this dialog.
                if (AvailabilityParser.Parse(turn.Text, turn.Language).IsClear)
                {
                    await ReadTimesAsync(turn, draft, ct);
                    return true;
                }

                return false;

            default:
                return false;
        }
    }

    private async Task ReadTimesAsync(TurnContext turn, SignUpDraft draft, CancellationToken ct)
    {
        var reading = AvailabilityParser.Parse(turn.Text, turn.Language);
        if (!reading.IsClear)
        {
            await SaveAsync(draft with { Step = SignUpStep.Availability }, ct);
            await turn.SendAsync(reading.Question!, ct);
            return;
        }

        await ConfirmAsync(turn, draft with { Step = SignUpStep.Confirm, Slots = reading.Slots, SourceText = turn.Text }, ct);
    }

    /// <summary>Repeats the times back, in the learner's own time zone, before anything is stored.</summary>
    private async Task ConfirmAsync(TurnContext turn, SignUpDraft draft, CancellationToken ct)
    {
        await SaveAsync(draft, ct);
        var zone = await ZoneNameAsync(turn, draft.PersonId, ct);
        var times = AvailabilityFormatter.Format(draft.Slots!, turn.Language);
        var details = "";
        if (draft.Purpose == SignUpPurpose.SignUp)
        {
            var title = (await people.ListEnrolledModulesAsync(draft.PersonId, ct)).FirstOrDefault(m => m.Id == draft.ModuleId)?.Title ?? draft.ModuleId;
            var language = draft.Language == "en" ? ChatButtons.GroupInEnglish : ChatButtons.GroupInFrench;
            details = turn.Say($"\n\n{title} · {draft.GroupSize} personnes · {language}", $"\n\n{title} · {draft.GroupSize} people · {language}");
        }

        await turn.SendAsync(turn.Say(
            $"Je note ({zone}) :\n\n**{times}**{details}\n\nC'est bien ça ?",
            $"I've got ({zone}):\n\n**{times}**{details}\n\nIs that right?"),
            ct, ChatButtons.ThatsRight.In(turn.IsFrench), ChatButtons.Change.In(turn.IsFrench));
    }

    private async Task FinishAsync(TurnContext turn, SignUpDraft draft, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (draft.Step == SignUpStep.Review || draft.Slots is not { Count: > 0 } slots || draft.SourceText is not { } source)
        {
            await store.DeleteDraftAsync(draft.PersonId, ct);
            await turn.SendAsync(turn.Say("Parfait, rien ne change.", "Great, nothing changes."), ct);
            return;
        }

        if (draft.Purpose == SignUpPurpose.Availability)
        {
            await store.SaveAvailabilityAsync(draft.PersonId, slots, source, now, ct);
            await turn.SendAsync(turn.Say(
                $"C'est à jour : {AvailabilityFormatter.Format(slots, turn.Language)}. J'en tiens compte pour les prochains groupes.",
                $"Updated: {AvailabilityFormatter.Format(slots, turn.Language)}. I'll use it for the next groups."), ct);
            return;
        }

        await store.ConfirmSignUpAsync(draft.PersonId, slots, source, draft.ModuleId!, draft.GroupSize!.Value, draft.Language!, now, ct);
        await turn.SendAsync(turn.Say(
            "C'est noté ! Je vous proposerai un groupe quand je trouverai des personnes qui partagent au moins une heure par semaine avec vous. Rien n'est montré à personne avant que tout le groupe ait accepté.",
            "Done! I'll propose a group when I find people who share at least an hour a week with you. Nothing is shown to anyone before the whole group has accepted."), ct);
    }

    private async Task ShowAvailabilityAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.PersonId is not { } person)
        {
            await SayOpenFromCourseAsync(turn, ct);
            return;
        }

        if (await store.FindAvailabilityAsync(person, ct) is not { } saved)
        {
            await SaveAsync(new SignUpDraft(person, SignUpPurpose.Availability, SignUpStep.Availability), ct);
            await turn.SendAsync(turn.Say("Vous n'avez pas encore donné vos horaires.", "You haven't given your times yet."), ct);
            await AskTimesAsync(turn, person, offerKeep: false, ct);
            return;
        }

        await SaveAsync(new SignUpDraft(person, SignUpPurpose.Availability, SignUpStep.Review, Slots: saved.Slots, SourceText: saved.SourceText), ct);
        var optedIn = (await store.ListActiveOptInsAsync(person, ct)).Select(o => o.ModuleId).ToHashSet(StringComparer.Ordinal);
        var titles = (await people.ListEnrolledModulesAsync(person, ct)).Where(m => optedIn.Contains(m.Id)).Select(m => m.Title).ToList();
        var groups = titles.Count == 0
            ? turn.Say("Vous n'attendez aucun groupe d'étude (écrivez « groupe d'étude » pour en demander un).", "You're not waiting for any study group (write \"study group\" to ask for one).")
            : turn.Say($"Groupe d'étude demandé : {string.Join(", ", titles)}.", $"Study group asked for: {string.Join(", ", titles)}.");
        var zone = await ZoneNameAsync(turn, person, ct);
        var times = AvailabilityFormatter.Format(saved.Slots, turn.Language);
        await turn.SendAsync(turn.Say($"Vos horaires ({zone}) :\n\n**{times}**\n\n{groups}", $"Your times ({zone}):\n\n**{times}**\n\n{groups}"),
            ct, ChatButtons.Change.In(turn.IsFrench), ChatButtons.AllGood.In(turn.IsFrench));
    }

    private async Task WithdrawAsync(TurnContext turn, CancellationToken ct)
    {
        if (turn.PersonId is not { } person)
        {
            await SayOpenFromCourseAsync(turn, ct);
            return;
        }

        // Opt-ins first: the re-matching that a decline starts must not propose this learner again.
        var withdrawn = await store.WithdrawAllAsync(person, clock.GetUtcNow(), ct);
        var (declined, left) = await groups.StepBackAsync(person, ct);
        if (withdrawn == 0 && declined == 0 && left == 0)
        {
            await turn.SendAsync(turn.Say("Vous n'attendiez aucun groupe d'étude : rien à arrêter.", "You weren't waiting for any study group: nothing to stop."), ct);
            return;
        }

        var done = new List<string> { turn.Say("C'est fait : je ne vous proposerai plus de groupe d'étude.", "Done: I won't propose study groups to you anymore.") };
        if (declined > 0)
        {
            done.Add(turn.Say(
                declined == 1 ? "J'ai refusé pour vous le groupe qui vous était proposé." : $"J'ai refusé pour vous les {declined} groupes qui vous étaient proposés.",
                declined == 1 ? "I declined the group proposed to you." : $"I declined the {declined} groups proposed to you."));
        }

        if (left > 0)
        {
            done.Add(turn.Say(
                left == 1 ? "Vous avez quitté votre groupe d'étude." : $"Vous avez quitté vos {left} groupes d'étude.",
                left == 1 ? "You left your study group." : $"You left your {left} study groups."));
        }

        if (declined + left > 0)
        {
            done.Add(turn.Say("Les autres membres en sont informés, sans savoir qui.", "The other members are told, without saying who."));
        }

        done.Add(turn.Say("Écrivez « groupe d'étude » si vous changez d'avis.", "Write \"study group\" if you change your mind."));
        await turn.SendAsync(string.Join(" ", done), ct);
    }

    private Task AskSizeAsync(TurnContext turn, string moduleTitle, CancellationToken ct) =>
        turn.SendAsync(turn.Say($"{moduleTitle} : combien de personnes dans le groupe, vous compris ?", $"{moduleTitle}: how many people in the group, you included?"),
            ct, ChatButtons.GroupSizes);

    private async Task AskTimesAsync(TurnContext turn, Guid person, bool offerKeep, CancellationToken ct)
    {
        var question = turn.Say(
            "Quand travaillez-vous d'habitude ? Écrivez-le avec vos mots, par exemple « le dimanche après-midi et le jeudi soir après 18h ».",
            "When do you usually study? Say it in your own words, for example \"Sunday afternoons and Thursday evenings after 6pm\".");
        if (offerKeep && await store.FindAvailabilityAsync(person, ct) is { } saved)
        {
            await turn.SendAsync($"{question}\n\n{turn.Say("Horaires enregistrés :", "Saved times:")} {AvailabilityFormatter.Format(saved.Slots, turn.Language)}",
                ct, ChatButtons.KeepTimes.In(turn.IsFrench));
            return;
        }

        await turn.SendAsync(question, ct);
    }

    private Task SaveAsync(SignUpDraft draft, CancellationToken ct) => store.SaveDraftAsync(draft, clock.GetUtcNow(), ct);

    private static Task SayOpenFromCourseAsync(TurnContext turn, CancellationToken ct) =>
        turn.SendAsync(turn.Say(
            "Pour les groupes d'étude, ouvrez le chat depuis la page de votre cours : je saurai alors qui vous êtes.",
            "For study groups, open the chat from your course page, so I know who you are."), ct);

    /// <summary>"heure de Paris" / "Paris time": the learner reads their own clock.</summary>
    private async Task<string> ZoneNameAsync(TurnContext turn, Guid person, CancellationToken ct)
    {
        var zone = await people.FindTimeZoneAsync(person, ct) ?? "Europe/Paris";
        var city = zone[(zone.LastIndexOf('/') + 1)..].Replace('_', ' ');
        return turn.Say($"heure de {city}", $"{city} time");
    }
}
