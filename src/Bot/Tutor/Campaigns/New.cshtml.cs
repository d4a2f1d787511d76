using Microsoft.AspNetCore.Mvc;
using SupportBot.Shared.Campaigns;

namespace SupportBot.Bot.Tutor.Campaigns;

internal sealed class NewModel(TutorCampaigns campaigns, TutorModules modules, TimeProvider clock) : TutorPageModel
{
    [BindProperty]
    public CampaignForm Form { get; set; } = new();

    public IReadOnlyList<ModuleRow> Modules { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Modules = await modules.ListAsync(Scope, ct);
        Form.ModuleId = Modules is [var first, ..] ? first.Id : "";
        Form.Date = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime).AddDays(1);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (ModelState.IsValid)
        {
            try
            {
                var id = await campaigns.CreateAsync(Scope, Form.ToNewCampaign(clock.GetUtcNow()), ct);
                return Redirect($"/tutor/campaigns/{id}");
            }
            catch (CampaignRequestException ex)
            {
                ModelState.AddModelError("", ex.Message);
            }
        }

        Modules = await modules.ListAsync(Scope, ct);
        return Page();
    }
}
