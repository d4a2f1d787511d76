using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Bot.Tutor.Knowledge;
using SupportBot.Shared.Faq;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Tutor.Questions;

internal sealed class DetailModel(
    QuestionQueries queries, TutorAnswers answers, KnowledgeQueries knowledge, RecipientStore recipients, IRoutingJobs jobs, QuestionStore questions) : TutorPageModel
{
    [BindProperty]
    [Required]
    [StringLength(TutorAnswers.MaxLength)]
    public string Answer { get; set; } = "";

    public QuestionDetail Detail { get; private set; } = null!;

    public string? Notice { get; private set; }

    /// <summary>Answers already in the knowledge base, with their entry: not offered again.</summary>
    public IReadOnlyDictionary<Guid, string> Promoted { get; private set; } = new Dictionary<Guid, string>();

    /// <summary>Entries the learner's question may become a phrasing of.</summary>
    public IReadOnlyList<KnowledgeEntry> Editable { get; private set; } = [];

    /// <summary>Who the question may be handed to (empty once it no longer waits for an answer).</summary>
    public IReadOnlyList<AssignablePerson> Assignable { get; private set; } = [];

    /// <summary>The modules the question may be moved to, and the topics it may be given.</summary>
    public IReadOnlyList<ModuleChoice> Modules { get; private set; } = [];

    public IReadOnlyList<string> TopicChoices { get; } = [.. Topics.Known.Order(StringComparer.Ordinal)];

    public async Task<IActionResult> OnGetAsync(Guid id, bool answered, string? promoted, Guid? reassigned, bool again, CancellationToken ct) =>
        await ShowAsync(id, answered, promoted, reassigned, again, corrected: false, ct);

    public async Task<IActionResult> OnGetCorrectedAsync(Guid id, CancellationToken ct) =>
        await ShowAsync(id, false, null, null, false, corrected: true, ct);

    /// <summary>
    /// "Correct": the question's module and topic as the tutor sets them, kept with what the bot had
    /// found (question_corrections); later routing rounds and escalations go to the corrected module.
    /// </summary>
    public async Task<IActionResult> OnPostCorrectAsync(Guid id, string moduleId, string? topic, CancellationToken ct)
    {
        ModelState.Clear();
        if (await queries.FindAsync(Scope, id, ct) is null)
        {
            return NotFound();
        }

        var modules = await queries.ModuleChoicesAsync(Scope, ct);
        if (!modules.Any(m => m.Id == moduleId) || (!string.IsNullOrEmpty(topic) && !TopicChoices.Contains(topic, StringComparer.Ordinal)))
        {
            ModelState.AddModelError("moduleId", T("Choisissez un de vos modules et un thème de la liste.", "Choose one of your modules and a topic from the list."));
            return await ShowAsync(id, false, null, null, false, corrected: false, ct);
        }

        await questions.CorrectAsync(id, moduleId, topic, Scope.PersonId, ct);
        return Redirect($"/tutor/questions/{id}?handler=Corrected");
    }

    /// <summary>An entry as a tutor knows it: its first question in the tutor's language, not its key.</summary>
    public string EntryTitle(KnowledgeEntry entry) =>
        (Fr ? entry.Questions.Fr : entry.Questions.En) is [var first, ..] ? first
        : entry.Questions.Fr.Concat(entry.Questions.En).FirstOrDefault() ?? entry.Id;

    /// <summary>
    /// Where one person asked stands: answered (by email, or from these pages: their answer is in
    /// the list), still awaited while the question waits, or no longer needed once someone answered.
    /// </summary>
    public string RecipientState(RecipientRow recipient) =>
        recipient.AnsweredAt is not null || Detail.Answers.Any(a => a.AuthorId == recipient.PersonId) ? T("a répondu", "answered")
        : QuestionStatus.Waiting.Contains(Detail.Question.Status) ? T("sans réponse", "no answer yet")
        : T("n'a pas répondu", "did not answer");

    private async Task<IActionResult> ShowAsync(Guid id, bool answered, string? promoted, Guid? reassigned, bool again, bool corrected, CancellationToken ct)
    {
        if (await queries.FindAsync(Scope, id, ct) is not { } detail)
        {
            return NotFound();
        }

        Detail = detail;
        Promoted = await knowledge.PromotedAsync([.. detail.Answers.Select(a => a.Id)], ct);
        Editable = Detail.Answers.Count > Promoted.Count ? await knowledge.EditableAsync(Scope, ct) : [];
        Assignable = QuestionStatus.Waiting.Contains(detail.Question.Status) ? await recipients.ListAssignableAsync(id, ct) : [];
        Modules = await queries.ModuleChoicesAsync(Scope, ct);
        var to = Assignable.FirstOrDefault(p => p.PersonId == reassigned)?.Name;
        Notice = to is not null && again ? T($"{to} avait déjà reçu la question : rien n'a été renvoyé.", $"{to} already had the question: nothing was sent again.")
            : to is not null ? T($"La question part par e-mail à {to}.", $"The question is on its way to {to} by email.")
            : answered ? T("Votre réponse est enregistrée et part vers l'apprenant.", "Your answer is saved and on its way to the learner.")
            : corrected ? T("Module et thème corrigés : les prochains envois et escalades suivent le module corrigé.", "Module and topic corrected: later sends and escalations follow the corrected module.")
            : promoted is not null ? T($"La question est maintenant une formulation de la fiche {promoted} : le bot y répond.", $"The question is now a phrasing of entry {promoted}: the bot answers it.")
            : null;
        return Page();
    }

    /// <summary>"Add as a phrasing of entry X": the learner's question joins that entry, the answer is marked promoted.</summary>
    public async Task<IActionResult> OnPostVariantAsync(Guid id, Guid answerId, string entryId, CancellationToken ct)
    {
        ModelState.Clear();
        if (await queries.FindAsync(Scope, id, ct) is not { } detail || !detail.Answers.Any(a => a.Id == answerId))
        {
            return NotFound();
        }

        return await knowledge.PromoteAsVariantAsync(Scope, answerId, entryId ?? "", ct)
            ? Redirect($"/tutor/questions/{id}?promoted={Uri.EscapeDataString(entryId!)}")
            : NotFound();
    }

    /// <summary>
    /// "Reassign to": the question goes by email to the chosen person of its module, as routing
    /// sends it; a repeated submit finds the same recipient row and the send log sends nothing more.
    /// </summary>
    public async Task<IActionResult> OnPostReassignAsync(Guid id, Guid personId, CancellationToken ct)
    {
        ModelState.Clear();
        if (await queries.FindAsync(Scope, id, ct) is null)
        {
            return NotFound();
        }

        var outcome = await recipients.AssignAsync(id, personId, ct);
        if (outcome.RecipientId is not { } recipientId)
        {
            return outcome.Refused == "closed" ? await ClosedAsync(id, ct) : NotFound();
        }

        // Enqueued again on a repeat too: if the first enqueue was lost, this one sends; otherwise the send log skips it.
        jobs.SendQuestion(recipientId);
        return Redirect($"/tutor/questions/{id}?reassigned={personId}" + (outcome.AlreadyAsked ? "&again=true" : ""));
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(Answer))
        {
            ModelState.AddModelError(nameof(Answer), T("Écrivez une réponse.", "Write an answer."));
            return await OnGetAsync(id, false, null, null, false, ct);
        }

        var (outcome, _) = await answers.AnswerAsync(Scope, id, Answer, ct);
        return outcome switch
        {
            TutorAnswerOutcome.Stored => Redirect($"/tutor/questions/{id}?answered=true"),
            TutorAnswerOutcome.Cancelled => await CancelledAsync(id, ct),
            _ => NotFound(),
        };
    }

    private async Task<IActionResult> CancelledAsync(Guid id, CancellationToken ct)
    {
        ModelState.AddModelError(nameof(Answer), T("L'apprenant a annulé cette question.", "The learner cancelled this question."));
        return await OnGetAsync(id, false, null, null, false, ct);
    }

    private async Task<IActionResult> ClosedAsync(Guid id, CancellationToken ct)
    {
        ModelState.AddModelError("personId", T("Cette question n'attend plus de réponse : elle ne peut plus être réassignée.", "This question no longer waits for an answer: it cannot be reassigned."));
        return await OnGetAsync(id, false, null, null, false, ct);
    }
}
