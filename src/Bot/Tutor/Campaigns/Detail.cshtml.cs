using Microsoft.AspNetCore.Mvc;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Tutor.Campaigns;

internal sealed class DetailModel(TutorCampaigns campaigns) : TutorPageModel
{
    public Campaign Campaign { get; private set; } = null!;

    public CampaignProgressView Progress { get; private set; } = null!;

    public CampaignPreviews? Previews { get; private set; }

    /// <summary>How many people it reaches if it goes out now; null once it is over.</summary>
    public AudienceSize? Reach { get; private set; }

    public string? Notice { get; private set; }

    public string? Problem { get; private set; }

    public async Task<IActionResult> OnGetAsync(Guid id, string? done, CancellationToken ct)
    {
        if (await campaigns.FindAsync(Scope, id, ct) is not { } campaign)
        {
            return NotFound();
        }

        Campaign = campaign;
        Progress = (await campaigns.ProgressAsync(Scope, id, ct))!;
        Previews = await campaigns.PreviewAsync(campaign, ct);
        // A one-off campaign already sent reads "done" while it stays scheduled: it reaches nobody more.
        Reach = (campaign.Status is CampaignStatus.Draft or CampaignStatus.Scheduled or CampaignStatus.Paused) && Progress.Status != "done" ? await campaigns.ReachAsync(campaign, ct) : null;
        Notice ??= done switch
        {
            "test" => T("Le test est parti vers votre adresse, en français et en anglais.", "The test is on its way to your address, in French and English."),
            "schedule" => T("La campagne est programmée.", "The campaign is scheduled."),
            "pause" => T("La campagne est en pause.", "The campaign is paused."),
            "cancel" => T("La campagne est annulée.", "The campaign is cancelled."),
            _ => null,
        };
        return Page();
    }

    public Task<IActionResult> OnPostTestAsync(Guid id, CancellationToken ct) => ActAsync(id, CampaignAction.SendTest, "test", ct);

    public Task<IActionResult> OnPostScheduleAsync(Guid id, CancellationToken ct) => ActAsync(id, CampaignAction.Schedule, "schedule", ct);

    public Task<IActionResult> OnPostPauseAsync(Guid id, CancellationToken ct) => ActAsync(id, CampaignAction.Pause, "pause", ct);

    public Task<IActionResult> OnPostCancelAsync(Guid id, CancellationToken ct) => ActAsync(id, CampaignAction.Cancel, "cancel", ct);

    private async Task<IActionResult> ActAsync(Guid id, CampaignAction action, string done, CancellationToken ct)
    {
        try
        {
            return await campaigns.ActAsync(Scope, id, action, ct) ? Redirect($"/tutor/campaigns/{id}?done={done}") : NotFound();
        }
        catch (CampaignRequestException ex)
        {
            Problem = ex.Message;
            return await OnGetAsync(id, null, ct);
        }
    }
}
