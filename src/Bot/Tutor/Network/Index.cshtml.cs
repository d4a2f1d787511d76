using Microsoft.AspNetCore.Mvc;

namespace SupportBot.Bot.Tutor.Network;

internal sealed class IndexModel(HelpNetwork network, TutorModules modules) : TutorPageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Module { get; set; }

    [BindProperty(SupportsGet = true)]
    public int Weeks { get; set; } = 8;

    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];

    public HelpGraph? Graph { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Modules = await modules.ListAsync(Scope, ct);
        Module ??= (Modules.Count > 0 ? Modules[0].Id : null);
        if (Module is null)
        {
            return Page();
        }

        Graph = await network.BuildAsync(Scope, Module, Weeks, ct);
        return Graph is null ? NotFound() : Page();
    }
}
