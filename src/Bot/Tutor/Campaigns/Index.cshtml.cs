namespace SupportBot.Bot.Tutor.Campaigns;

internal sealed class IndexModel(TutorCampaigns campaigns, TutorModules modules) : TutorPageModel
{
    private static readonly TutorList<(CampaignListItem Item, string Module)> Sorting = new("", "name", defaultDescending: false,
        [("name", c => c.Item.Campaign.Name), ("module", c => c.Module), ("state", c => c.Item.Progress.Status)],
        descendingFirst: []);

    public ListPage<(CampaignListItem Item, string Module)> Campaigns { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var titles = (await modules.ListAsync(Scope, ct)).ToDictionary(m => m.Id, m => m.Title);
        Campaigns = Sorting.Page(
            (await campaigns.ListAsync(Scope, ct)).Select(c => (c, c.Campaign.ModuleId is { } id ? titles.GetValueOrDefault(id, id) : T("tout le cours", "whole course"))),
            Request.Query, Culture);
    }
}
