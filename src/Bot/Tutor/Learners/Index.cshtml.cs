using System.Text;
using Microsoft.AspNetCore.Mvc;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Tutor.Learners;

/// <summary>Privacy: a tutor exports a learner's data; an admin erases it.</summary>
internal sealed class IndexModel(LearnerSearch search, LearnerPrivacy privacy, TimeProvider clock) : TutorPageModel
{
    public DateOnly Today => DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);

    [BindProperty(SupportsGet = true)]
    public string? Search { get; set; }

    public ListPage<LearnerRow> Learners { get; private set; } = null!;

    public string? Notice { get; private set; }

    public async Task OnGetAsync(bool erased, CancellationToken ct)
    {
        Learners = await search.FindAsync(Scope, Search, LearnerSearch.Sorting.Read(Request.Query), ct);
        Notice = erased ? T("Les données de l'apprenant ont été effacées ; ses questions restent, anonymisées.", "The learner's data was erased; their questions remain, anonymised.") : null;
    }

    public async Task<IActionResult> OnGetExportAsync(string id, CancellationToken ct)
    {
        if (!await search.InScopeAsync(Scope, id, ct) || await privacy.ExportAsync(id, Scope.IsAdmin ? null : Scope.ModuleIds, ct) is not { } export)
        {
            return NotFound();
        }

        return File(Encoding.UTF8.GetBytes(LearnerPrivacy.ToJson(export)), "application/json", $"supportbot-{id}.json");
    }

    public async Task<IActionResult> OnPostEraseAsync(string id, bool confirm, CancellationToken ct)
    {
        if (!Scope.IsAdmin)
        {
            return Forbid();
        }

        if (!confirm)
        {
            Learners = await search.FindAsync(Scope, Search, LearnerSearch.Sorting.Read(Request.Query), ct);
            Notice = T("Cochez la confirmation pour effacer.", "Tick the confirmation to erase.");
            return Page();
        }

        return await privacy.EraseAsync(id, ct) ? Redirect("/tutor/learners?erased=true") : NotFound();
    }
}
