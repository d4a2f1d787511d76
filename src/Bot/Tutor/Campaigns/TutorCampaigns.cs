using Hangfire;
using SupportBot.Bot.Auth;
using SupportBot.Jobs.Campaigns;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.People;

namespace SupportBot.Bot.Tutor.Campaigns;

/// <summary>Where a campaign's latest occurrence stands, for the progress bar and /api/tutor/campaigns/{id}/progress.</summary>
/// <param name="Percent">Handled (sent, failed, skipped or cancelled) out of the occurrence's recipients.</param>
/// <param name="WaitingFor">The service deliveries wait for (mail_server, chat, database) while it is down; null when none waits.</param>
/// <param name="WaitingSince">Since when they wait, with <paramref name="WaitingFor"/>.</param>
internal sealed record CampaignProgressView(
    Guid Id, string Status, DateOnly? Occurrence, int Total, int Delivered, int Failed, int Skipped, int Cancelled, int Waiting, int Percent,
    string? WaitingFor = null, DateTimeOffset? WaitingSince = null)
{
    public static CampaignProgressView From(Guid id, CampaignStatus status, ScheduleKind schedule, OccurrenceProgress latest)
    {
        var p = latest.Progress;
        // A one-off campaign stays "scheduled" in its table after its only occurrence: once nothing waits, it is done.
        var shown = status == CampaignStatus.Scheduled && schedule != ScheduleKind.Weekly && p.Total > 0 && p.Due == 0 ? CampaignStatus.Done : status;
        return new CampaignProgressView(id, shown.ToString().ToLowerInvariant(), latest.Occurrence, p.Total, p.Sent, p.Failed,
            p.SkippedOptedOut + p.SkippedBouncing, p.Cancelled, p.Due, p.Total == 0 ? 0 : (int)Math.Floor(100.0 * (p.Total - p.Due) / p.Total),
            p.WaitingFor, p.WaitingSince);
    }
}

internal sealed record CampaignListItem(CampaignSummary Campaign, CampaignProgressView Progress);

/// <summary>The message as a learner of the audience would get it, in both languages.</summary>
internal sealed record CampaignPreviews(string LearnerName, CampaignPreview Fr, CampaignPreview En);

internal enum CampaignAction
{
    Schedule,
    Pause,
    Cancel,
    SendTest,
}

/// <summary>
/// The campaigns screen over <see cref="CampaignStore"/>, <see cref="CampaignLifecycle"/> and <see cref="CampaignPreviewer"/>, within the tutor's scope: a campaign
/// exists for a tutor only when they may see its module (a campaign without a module: admins).
/// Scheduling also starts the dispatcher at once, so "now" does not wait for the minute job.
/// </summary>
internal sealed class TutorCampaigns(
    CampaignStore store, CampaignLifecycle lifecycle, CampaignPreviewer previewer, AudiencePages audiences, IBackgroundJobClient jobs, TimeProvider clock)
{
    /// <summary>Who the campaign would reach if it went out now: its audience, less those who said "stop" to campaigns.</summary>
    public Task<AudienceSize> ReachAsync(Campaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        return audiences.CountAsync(campaign.Audience, SupportBot.Shared.Email.Outgoing.EmailCategories.Campaigns, clock.GetUtcNow(), ct);
    }

    public async Task<IReadOnlyList<CampaignListItem>> ListAsync(TutorScope scope, CancellationToken ct)
    {
        var list = new List<CampaignListItem>();
        foreach (var c in await store.ListAsync(null, ct))
        {
            if (scope.Allows(c.ModuleId))
            {
                list.Add(new CampaignListItem(c, CampaignProgressView.From(c.Id, c.Status, c.Schedule, await store.LatestOccurrenceProgressAsync(c.Id, ct))));
            }
        }

        return list;
    }

    public async Task<Campaign?> FindAsync(TutorScope scope, Guid id, CancellationToken ct) =>
        await store.FindAsync(id, ct) is { } campaign && scope.Allows(campaign.ModuleId) ? campaign : null;

    public async Task<CampaignProgressView?> ProgressAsync(TutorScope scope, Guid id, CancellationToken ct) =>
        await FindAsync(scope, id, ct) is { } campaign
            ? CampaignProgressView.From(id, campaign.Status, campaign.Schedule.Kind, await store.LatestOccurrenceProgressAsync(id, ct))
            : null;

    /// <exception cref="CampaignRequestException">The campaign is incomplete or outside the tutor's modules.</exception>
    public Task<Guid> CreateAsync(TutorScope scope, NewCampaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        if (!scope.Allows(campaign.ModuleId) || (campaign.Audience.Kind == AudienceKind.Volunteers && !scope.IsAdmin))
        {
            throw new CampaignRequestException("You do not tutor this module.");
        }

        return lifecycle.CreateAsync(campaign with { CreatedBy = scope.PersonId }, ct);
    }

    /// <summary>The first learner of the audience, in French and in English; null when the audience is empty.</summary>
    public async Task<CampaignPreviews?> PreviewAsync(Campaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        CampaignPreview fr;
        try
        {
            fr = await previewer.PreviewAsync(campaign.Id, null, "fr", ct);
        }
        catch (CampaignRequestException)
        {
            return null;
        }

        var en = await previewer.PreviewAsync(campaign.Id, fr.PersonId, "en", ct);
        var name = (await audiences.FindRecipientAsync(fr.PersonId, ct))?.DisplayName ?? "";
        return new CampaignPreviews(name, fr, en);
    }

    /// <returns>False when the campaign is not the tutor's.</returns>
    /// <exception cref="CampaignRequestException">The campaign's status does not allow it.</exception>
    public async Task<bool> ActAsync(TutorScope scope, Guid id, CampaignAction action, CancellationToken ct)
    {
        if (await FindAsync(scope, id, ct) is null)
        {
            return false;
        }

        switch (action)
        {
            case CampaignAction.Schedule:
                await lifecycle.ScheduleAsync(id, ct);
                // Safe to run beside the recurring run: one dispatcher at a time (advisory lock), every step repeatable.
                jobs.Enqueue<CampaignsDispatchJob>(j => j.RunAsync(CancellationToken.None));
                break;
            case CampaignAction.Pause:
                await lifecycle.PauseAsync(id, ct);
                break;
            case CampaignAction.Cancel:
                await lifecycle.CancelAsync(id, ct);
                break;
            case CampaignAction.SendTest:
                await previewer.SendTestAsync(id, scope.PersonId, ct);
                break;
        }

        return true;
    }
}
