namespace SupportBot.Bot.Tutor.Campaigns;

internal sealed class IndexModel(TutorCampaigns campaigns) : TutorPageModel
{
    public IReadOnlyList<CampaignListItem> Campaigns { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => Campaigns = await campaigns.ListAsync(Scope, ct);
}
