using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Shared.Routing;

namespace SupportBot.Bot.Tutor.Questions;

internal sealed class DetailModel(QuestionQueries queries, TutorAnswers answers) : TutorPageModel
{
    [BindProperty]
    [Required]
    [StringLength(TutorAnswers.MaxLength)]
    public string Answer { get; set; } = "";

    public QuestionDetail Detail { get; private set; } = null!;

    public string? Notice { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, bool answered, CancellationToken ct)
    {
        if (await queries.FindAsync(Scope, id, ct) is not { } detail)
        {
            return NotFound();
        }

        Detail = detail;
        Notice = answered ? T("Votre réponse est enregistrée et part vers l'apprenant.", "Your answer is saved and on its way to the learner.") : null;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(Guid id, CancellationToken ct)
    {
        if (!ModelState.IsValid || string.IsNullOrWhiteSpace(Answer))
        {
            ModelState.AddModelError(nameof(Answer), T("Écrivez une réponse.", "Write an answer."));
            return await OnGetAsync(id, false, ct);
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
        return await OnGetAsync(id, false, ct);
    }
}
