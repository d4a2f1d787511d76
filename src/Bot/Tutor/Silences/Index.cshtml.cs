using Microsoft.AspNetCore.Mvc;
using SupportBot.Shared.Nudges;

namespace SupportBot.Bot.Tutor.Silences;

internal sealed class IndexModel(SilenceQueries queries, SilenceActions actions, TutorModules modules, TimeProvider clock) : TutorPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Module { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Week { get; set; }

    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];

    public SilenceWeek? Result { get; private set; }

    /// <summary>Each state's learners, paged and sorted on their own (?stuck.sort=last&amp;stuck.page=2).</summary>
    public IReadOnlyDictionary<LearnerState, ListPage<LearnerWeek>> Lists { get; private set; } = new Dictionary<LearnerState, ListPage<LearnerWeek>>();

    /// <summary>What the last action did, shown above the lists (the page is drawn again after each POST).</summary>
    public string? Notice { get; private set; }

    public bool NoticeIsWarning { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? done, Guid? learner, CancellationToken ct)
    {
        Modules = await modules.ListAsync(Scope, ct);
        Module ??= (Modules.Count > 0 ? Modules[0].Id : null);
        if (Module is null)
        {
            return Page();
        }

        Result = await queries.ForWeekAsync(Scope, Module, SilenceQueries.ParseWeek(Week, clock.GetUtcNow().UtcDateTime), ct);
        if (Result is null)
        {
            return NotFound();
        }

        Lists = Enum.GetValues<LearnerState>().ToDictionary(state => state, state =>
            new TutorList<LearnerWeek>(state.ToString().ToLowerInvariant(), "name", defaultDescending: false,
                [("name", l => l.Name), ("last", l => l.LastActivityAt)], descendingFirst: ["last"]).Page(Result.In(state), Request.Query, Culture));
        var name = Result.Learners.FirstOrDefault(l => l.PersonId == learner)?.Name ?? T("l'apprenant·e", "the learner");
        (Notice, NoticeIsWarning) = done switch
        {
            "nudged" => (T($"Relance envoyée à {name}.", $"Nudge sent to {name}."), false),
            "nudge-already" => (T($"{name} a déjà reçu une relance aujourd'hui : rien n'a été renvoyé.", $"{name} was already nudged today: nothing was sent again."), true),
            "nudge-unwanted" => (T($"{name} ne reçoit pas de relances (désinscription ou adresse en erreur) : rien n'a été envoyé. Un message personnel reste possible.",
                $"{name} does not get nudges (opted out or a bouncing address): nothing was sent. A personal message is still possible."), true),
            "messaged" => (T($"Message envoyé à {name}.", $"Message sent to {name}."), false),
            "message-already" => (T($"Ce message à {name} est déjà parti : rien n'a été renvoyé.", $"This message to {name} was already sent: nothing was sent again."), true),
            "message-unwanted" => (T($"L'adresse de {name} est en erreur : rien n'a été envoyé.", $"{name}'s address bounces: nothing was sent."), true),
            "message-empty" => (T($"Écrivez un message à {name} (au plus {TutorMessageSender.MaxLength} caractères) avant de l'envoyer.",
                $"Write a message to {name} (at most {TutorMessageSender.MaxLength} characters) before sending it."), true),
            _ => (null, false),
        };
        return Page();
    }

    public async Task<IActionResult> OnPostNudgeAsync(Guid learner, CancellationToken ct)
    {
        if (Module is null || await actions.NudgeAsync(Scope, Module, learner, ct) is not { } outcome)
        {
            return NotFound();
        }

        return Done(learner, outcome switch
        {
            LearnerMessageOutcome.Sent => "nudged",
            LearnerMessageOutcome.AlreadySent => "nudge-already",
            _ => "nudge-unwanted",
        });
    }

    public async Task<IActionResult> OnPostMessageAsync(Guid learner, string? text, Guid request, CancellationToken ct)
    {
        if (Module is null)
        {
            return NotFound();
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > TutorMessageSender.MaxLength || request == Guid.Empty)
        {
            return Done(learner, "message-empty");
        }

        if (await actions.MessageAsync(Scope, Module, learner, text, request, ct) is not { } outcome)
        {
            return NotFound();
        }

        return Done(learner, outcome switch
        {
            LearnerMessageOutcome.Sent => "messaged",
            LearnerMessageOutcome.AlreadySent => "message-already",
            _ => "message-unwanted",
        });
    }

    public string StateName(LearnerState state) => state switch
    {
        LearnerState.Stuck => T("Bloqués", "Stuck"),
        LearnerState.Helping => T("Aident leurs pairs", "Helping peers"),
        LearnerState.SelfServed => T("Se débrouillent (FAQ, réponse reçue)", "Self-served (FAQ, answer received)"),
        _ => T("Silencieux", "Silent"),
    };

    /// <summary>What nobody in a state means this week: good news for some, a hint for others.</summary>
    public string EmptyText(LearnerState state) => state switch
    {
        LearnerState.Stuck => T("Personne n'est resté bloqué cette semaine : chaque question posée a reçu une réponse.", "Nobody stayed stuck this week: every question asked got an answer."),
        LearnerState.Helping => T("Personne n'a aidé un pair cette semaine. Une campagne aux apprenants du module peut inviter à « je veux aider ».", "Nobody helped a peer this week. A campaign to the module's learners can invite them to \"I want to help\"."),
        LearnerState.SelfServed => T("Personne n'a trouvé sa réponse seul cette semaine.", "Nobody found their answer on their own this week."),
        _ => T("Aucun silence cette semaine : chaque apprenant du module a écrit au bot.", "No silence this week: every learner of the module wrote to the bot."),
    };

    // Post, redirect, get: a reload does not post again, and the notice names what happened.
    private RedirectResult Done(Guid learner, string done) =>
        Redirect($"/tutor/silences?module={Uri.EscapeDataString(Module!)}&week={Uri.EscapeDataString(Week ?? "")}&done={done}&learner={learner}#notice");
}
