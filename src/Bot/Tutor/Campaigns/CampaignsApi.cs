using Microsoft.AspNetCore.Http.HttpResults;
using SupportBot.Bot.Auth;

namespace SupportBot.Bot.Tutor.Campaigns;

/// <summary>/api/tutor/campaigns: the list and the progress the campaigns page polls while a campaign runs.</summary>
internal static class CampaignsApi
{
    public static RouteGroupBuilder MapCampaignsApi(this RouteGroupBuilder api)
    {
        api.MapGet("/campaigns", async (TutorScope scope, TutorCampaigns campaigns, CancellationToken ct) =>
            TypedResults.Ok((await campaigns.ListAsync(scope, ct)).Select(c => new { c.Campaign.Id, c.Campaign.Name, c.Campaign.ModuleId, c.Progress })));
        api.MapGet("/campaigns/{id:guid}/progress", ProgressAsync);
        return api;
    }

    private static async Task<Results<Ok<CampaignProgressView>, NotFound>> ProgressAsync(TutorScope scope, TutorCampaigns campaigns, Guid id, CancellationToken ct) =>
        await campaigns.ProgressAsync(scope, id, ct) is { } progress ? TypedResults.Ok(progress) : TypedResults.NotFound();
}
