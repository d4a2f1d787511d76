using SupportBot.Shared.Conversations;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Turns;

/// <summary>
/// Proposes to pass a question on to the volunteers of its module. The question is stored as New
/// right away, with its module when known (<see cref="QuestionModules"/>), so the confirmation refers
/// to exactly this text and module, and its topic when a tutor's correction of a question like it or
/// the knowledge base's closest entry gives one (<see cref="QuestionTopics"/>); it is only routed when the learner says yes. A learner in
/// several modules whose question names none is asked which one, one button per module (a button
/// is also the yes). When the module's peers or tutors already answered a question like it, those
/// answers are offered first (<see cref="SimilarAnswerMessages"/>). An older unconfirmed question of
/// the same learner is dropped.
/// </summary>
internal sealed class PeerOffer(
    QuestionStore questions, QuestionModules modules, QuestionTopics topics, QuestionContext context, SimilarAnswerFinder similar, SimilarAnswerOffers offers)
{
    public Task OfferAsync(TurnContext turn, string questionText, string lead, CancellationToken ct) =>
        OfferAsync(turn, questionText, lead, [], ct);

    /// <param name="otherQuestions">
    /// Knowledge-base questions the learner may have meant instead (after "not quite"): offered as buttons beside "yes"
    /// when the offer is a plain yes or no; a click on one answers it (<see cref="FaqTurn"/>).
    /// </param>
    public async Task OfferAsync(TurnContext turn, string questionText, string lead, IReadOnlyList<string> otherQuestions, CancellationToken ct)
    {
        if (turn.PersonId is null && turn.Activity.ChannelId == TeamsLearnerLookup.TeamsChannelId)
        {
            // No address in the text: in a Teams channel everyone reads the bot's replies.
            await turn.SendAsync(turn.Say(
                $"{lead} Pour transmettre votre question à des pairs, je dois vous retrouver parmi les inscrits d'un cours, et je ne trouve pas l'adresse email de votre compte Teams. Demandez à votre tuteur de vérifier l'adresse que votre cours a pour vous.",
                $"{lead} To pass your question on to peers I need to find you among the learners of a course, and I cannot find your Teams account's email address there. Please ask your tutor to check the address your course has for you."), ct);
            return;
        }

        if (turn.PersonId is not { } asker)
        {
            await turn.SendAsync(turn.Say(
                $"{lead} Pour transmettre votre question à des pairs, ouvrez le chat depuis la page de votre cours (je saurai alors qui vous êtes).",
                $"{lead} To pass your question on to peers, open the chat from your course page (so I know who you are)."), ct);
            return;
        }

        // A turn run again (its host died) must not cancel the question it made the first time: the
        // learner's "yes" may already be on its way for that one.
        var again = turn.Activity.Id is { } activityId && await questions.FindFromActivityAsync(asker, activityId, ct) is not null;
        if (!again && await questions.FindLatestOpenForAskerAsync(asker, ct) is { Status: QuestionStatus.New } unconfirmed)
        {
            await questions.CancelAsync(unconfirmed.Id, ct);
        }

        var (contextModule, contextSource) = await context.ModuleOfAsync(turn, ct);
        var module = await modules.ResolveAsync(asker, contextModule, contextSource, questionText, ct);
        var topic = await topics.GuessAsync(questionText, turn.Activity.Locale ?? turn.Language, module.Module?.Id, ct);
        var questionId = await questions.CreateAsync(new NewQuestion(
            asker, module.Module?.Id, topic?.Topic, turn.Language, questionText, turn.ReferenceId,
            module.Module is null ? null : module.Source, topic?.Source, turn.Activity.Id), ct);
        if (module.MustAsk)
        {
            await AskModuleAsync(turn, $"{lead} ", questionText, module.Choices, ct);
            return;
        }

        // A peer or tutor may have answered the same question in this module already: offered first.
        if (module.Module is { } answeredIn && await similar.FindAsync(answeredIn.Id, questionText, ct) is { Count: > 0 } earlier)
        {
            await offers.RecordAsync(questionId, earlier, ct);
            await SimilarAnswerMessages.OfferAsync(turn, $"{lead} ", earlier, ct);
            return;
        }

        await ConfirmAsync(turn, $"{lead} ", questionText, module.Module, module.Choices, otherQuestions, ct);
    }

    /// <summary>
    /// "Shall I pass it on to the volunteers of Module 1?" with yes / no, and "another module" when the
    /// learner has several: the module named is the one they confirm. Questions the learner may have meant come first,
    /// as buttons, when there are some.
    /// </summary>
    private static Task ConfirmAsync(
        TurnContext turn, string lead, string questionText, LearnerModule? module, IReadOnlyList<LearnerModule> choices, IReadOnlyList<string> otherQuestions, CancellationToken ct)
    {
        var quoted = ChatMarkdown.Quote(questionText);
        string[] buttons = module is not null && choices.Count > 1
            ? [.. otherQuestions, ChatButtons.AskPeers.In(turn.IsFrench), ChatButtons.OtherModule.In(turn.IsFrench), ChatButtons.NoThanks.In(turn.IsFrench)]
            : [.. otherQuestions, ChatButtons.AskPeers.In(turn.IsFrench), ChatButtons.NoThanks.In(turn.IsFrench)];
        var meant = otherQuestions.Count switch
        {
            0 => "",
            1 => turn.Say("Vous pensiez peut-être à la question proposée ci-dessous ? Sinon, ", "Did you perhaps mean the question below? If not, "),
            _ => turn.Say("Vous pensiez peut-être à l'une des questions proposées ci-dessous ? Sinon, ", "Did you perhaps mean one of the questions below? If not, "),
        };
        var ask = meant.Length == 0 ? turn.Say("Je transmets", "Shall I pass") : turn.Say("je transmets", "shall I pass");
        return turn.SendAsync(
            module is not null
                ? turn.Say($"{lead}{meant}{ask} votre question aux volontaires de « {module.Title} », d'accord ?\n\n{quoted}",
                           $"{lead}{meant}{ask} your question on to the volunteers of {module.Title}?\n\n{quoted}")
                : turn.Say($"{lead}{meant}{ask} votre question à l'équipe du cours, d'accord ?\n\n{quoted}",
                           $"{lead}{meant}{ask} your question on to the course team?\n\n{quoted}"),
            ct, buttons);
    }

    /// <summary>One button per module (its title); clicking one sends the question to that module's volunteers.</summary>
    public static Task AskModuleAsync(TurnContext turn, string lead, string questionText, IReadOnlyList<LearnerModule> choices, CancellationToken ct)
    {
        var quoted = ChatMarkdown.Quote(questionText);
        return turn.SendAsync(
            turn.Say($"{lead}Je peux transmettre votre question aux volontaires de votre module. De quel module s'agit-il ?\n\n{quoted}",
                     $"{lead}I can pass your question on to the volunteers of your module. Which module is it about?\n\n{quoted}"),
            ct, [.. choices.Select(m => m.Title), ChatButtons.NoThanks.In(turn.IsFrench)]);
    }
}
