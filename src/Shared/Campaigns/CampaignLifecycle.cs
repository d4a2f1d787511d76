using SupportBot.Shared.People;

namespace SupportBot.Shared.Campaigns;

/// <summary>A request the campaign cannot take (bad template, missing audience detail, wrong status).</summary>
public sealed class CampaignRequestException(string message) : Exception(message);

/// <summary>
/// What tutors do to a campaign, for the CLI and the tutor pages: create a valid one, schedule,
/// pause, cancel. Sending itself is the dispatcher's and the batch jobs' work; reading one is
/// <see cref="CampaignStore"/>'s.
/// </summary>
public sealed class CampaignLifecycle(CampaignStore store)
{
    public async Task<Guid> CreateAsync(NewCampaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        Validate(campaign);
        return await store.CreateAsync(campaign, ct);
    }

    /// <summary>Draft or paused to scheduled; after a pause, what was waiting is dispatched again.</summary>
    public async Task ScheduleAsync(Guid id, CancellationToken ct)
    {
        var campaign = await RequireAsync(id, ct);
        if (campaign.Schedule.Kind == ScheduleKind.RelativeToExam && campaign.ExamDate is null)
        {
            throw new CampaignRequestException($"Module {campaign.ModuleId} has no exam date: a campaign relative to the exam cannot be scheduled.");
        }

        if (!await store.SetStatusAsync(id, CampaignStatus.Scheduled, [CampaignStatus.Draft, CampaignStatus.Paused], ct))
        {
            throw new CampaignRequestException($"A {campaign.Status.ToString().ToLowerInvariant()} campaign cannot be scheduled.");
        }

        if (campaign.Status == CampaignStatus.Paused)
        {
            await store.RequeueAfterPauseAsync(id, ct);
        }
    }

    /// <summary>Stops sending after the chunk in flight; <see cref="ScheduleAsync"/> resumes.</summary>
    public async Task PauseAsync(Guid id, CancellationToken ct)
    {
        var campaign = await RequireAsync(id, ct);
        if (!await store.SetStatusAsync(id, CampaignStatus.Paused, [CampaignStatus.Scheduled], ct))
        {
            throw new CampaignRequestException($"A {campaign.Status.ToString().ToLowerInvariant()} campaign cannot be paused.");
        }
    }

    /// <summary>For good: nothing more is sent; what was sent stays in the progress counts.</summary>
    public async Task CancelAsync(Guid id, CancellationToken ct)
    {
        var campaign = await RequireAsync(id, ct);
        if (!await store.SetStatusAsync(id, CampaignStatus.Cancelled, [CampaignStatus.Draft, CampaignStatus.Scheduled, CampaignStatus.Paused], ct))
        {
            throw new CampaignRequestException($"A {campaign.Status.ToString().ToLowerInvariant()} campaign cannot be cancelled.");
        }

        await store.CancelOpenDeliveriesAsync(id, ct);
    }

    private async Task<Campaign> RequireAsync(Guid id, CancellationToken ct) =>
        await store.FindAsync(id, ct) ?? throw new CampaignRequestException($"No campaign {id}.");

    private static void Validate(NewCampaign c)
    {
        if (string.IsNullOrWhiteSpace(c.Name))
        {
            throw new CampaignRequestException("A campaign needs a name.");
        }

        try
        {
            CampaignTemplates.Parse(c.Message);
        }
        catch (CampaignTemplateException ex)
        {
            throw new CampaignRequestException(ex.Message);
        }

        var a = c.Audience;
        var problem = a.Kind switch
        {
            AudienceKind.Module when c.ModuleId is null => "A module audience needs a module.",
            AudienceKind.Cohort when c.ModuleId is null || string.IsNullOrWhiteSpace(a.Cohort) => "A cohort audience needs a module and a cohort.",
            AudienceKind.Inactive when a.InactiveDays is not > 0 => "An inactivity audience needs a number of days.",
            AudienceKind.Explicit when a.People is not { Count: > 0 } => "An explicit audience needs at least one person.",
            _ => null,
        } ?? c.Schedule switch
        {
            { Kind: ScheduleKind.Once, Date: null } => "A one-off campaign needs a date.",
            { Kind: ScheduleKind.Weekly, Day: null } => "A weekly campaign needs a day of the week.",
            { Kind: ScheduleKind.RelativeToExam } when c.ModuleId is null => "A campaign relative to the exam needs a module.",
            { Kind: ScheduleKind.RelativeToExam, DaysBeforeExam: < 0 } => "Days before the exam cannot be negative.",
            _ => null,
        };
        if (problem is not null)
        {
            throw new CampaignRequestException(problem);
        }

        if (a.ModuleId is not null && a.ModuleId != c.ModuleId)
        {
            throw new CampaignRequestException("The audience's module must be the campaign's module.");
        }
    }
}
