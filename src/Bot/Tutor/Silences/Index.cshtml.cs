using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Bot.Tutor.Silences;

internal sealed class IndexModel(SilenceQueries queries, TutorModules modules, TimeProvider clock) : TutorPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Module { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Week { get; set; }

    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];

    public SilenceWeek? Result { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Modules = await modules.ListAsync(Scope, ct);
        Module ??= (Modules.Count > 0 ? Modules[0].Id : null);
        if (Module is null)
        {
            return Page();
        }

        Result = await queries.ForWeekAsync(Scope, Module, SilenceQueries.ParseWeek(Week, clock.GetUtcNow().UtcDateTime), ct);
        return Result is null ? NotFound() : Page();
    }

    public string StateName(LearnerState state) => state switch
    {
        LearnerState.Stuck => T("Bloqués", "Stuck"),
        LearnerState.Helping => T("Aident leurs pairs", "Helping peers"),
        LearnerState.SelfServed => T("Se débrouillent (FAQ, réponse reçue)", "Self-served (FAQ, answer received)"),
        _ => T("Silencieux", "Silent"),
    };
}
