using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Campaigns;

/// <summary>A message as one recipient would get it.</summary>
public sealed record CampaignPreview(Guid PersonId, string Language, RenderedMail Mail);

/// <summary>Where a campaign's latest occurrence stands; <paramref name="Occurrence"/> is its local date.</summary>
public sealed record OccurrenceProgress(DateOnly? Occurrence, CampaignProgress Progress);

/// <summary>A request the campaign cannot take (bad template, missing audience detail, wrong status).</summary>
public sealed class CampaignRequestException(string message) : Exception(message);

/// <summary>
/// What tutors do with campaigns, for the CLI and the tutor pages: create, list, preview with a real
/// recipient's data, send a test to themselves, schedule, pause, cancel. Sending itself is the
/// dispatcher's and the batch jobs' work.
/// </summary>
public sealed class CampaignService(
    CampaignStore store,
    AudiencePages audiences,
    MailComposer composer,
    MailSender mail,
    ReplyAddresses addresses,
    TimeProvider clock)
{
    public async Task<Guid> CreateAsync(NewCampaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        Validate(campaign);
        return await store.CreateAsync(campaign, ct);
    }

    public Task<Campaign?> FindAsync(Guid id, CancellationToken ct) => store.FindAsync(id, ct);

    public Task<IReadOnlyList<CampaignSummary>> ListAsync(string? moduleId, CancellationToken ct) => store.ListAsync(moduleId, ct);

    public Task<CampaignProgress> ProgressAsync(Guid id, CancellationToken ct) => store.ProgressAsync(id, ct);

    /// <summary>Where the latest occurrence opened so far stands (a weekly campaign's current week); no occurrence yet: null and zeros.</summary>
    public async Task<OccurrenceProgress> LatestOccurrenceProgressAsync(Guid id, CancellationToken ct) =>
        await store.LastOccurrenceAsync(id, ct) is { } occurrence
            ? new OccurrenceProgress(occurrence, await store.ProgressAsync(id, occurrence, ct))
            : new OccurrenceProgress(null, new CampaignProgress(0, 0, 0, 0, 0, 0));

    /// <summary>Renders the message for <paramref name="personId"/>, or for the first person of the audience.</summary>
    public Task<CampaignPreview> PreviewAsync(Guid id, Guid? personId, CancellationToken ct) => PreviewAsync(id, personId, null, ct);

    /// <summary>
    /// Renders the message for <paramref name="personId"/> (or the first person of the audience) in
    /// <paramref name="language"/>, or in the recipient's own language when null: tutors read both versions.
    /// </summary>
    public async Task<CampaignPreview> PreviewAsync(Guid id, Guid? personId, string? language, CancellationToken ct)
    {
        var campaign = await RequireAsync(id, ct);
        var first = personId is null ? await audiences.PageAsync(campaign.Audience, Guid.Empty, 1, clock.GetUtcNow(), ct) : [];
        var who = personId ?? (first.Count > 0 ? first[0].PersonId : (Guid?)null)
            ?? throw new CampaignRequestException("The audience is empty: nobody to preview the message for.");
        var recipient = await audiences.FindRecipientAsync(who, ct) ?? throw new CampaignRequestException($"Unknown person {who}.");
        language = language is "fr" or "en" ? language : MailTemplates.LanguageOf(recipient.Locale);
        // A preview is read on screen and copied around: its unsubscribe link must not be one that works.
        return new CampaignPreview(who, language, await RenderAsync(campaign, recipient, language, addresses.UnsubscribeUrl(PreviewToken)));
    }

    /// <summary>Sends the message to the tutor who made the campaign, rendered with their own name, in both languages.</summary>
    public async Task<int> SendTestAsync(Guid id, CancellationToken ct) =>
        await SendTestAsync(id, (await RequireAsync(id, ct)).CreatedBy, ct);

    /// <summary>Sends the message to <paramref name="tutorId"/> (the tutor asking, on the tutor pages), rendered with their own name, in both languages.</summary>
    public async Task<int> SendTestAsync(Guid id, Guid? tutorId, CancellationToken ct)
    {
        var campaign = await RequireAsync(id, ct);
        var tutor = tutorId is { } t ? await audiences.FindRecipientAsync(t, ct) : null;
        if (tutor is null)
        {
            throw new CampaignRequestException("Nobody to send a test to: the campaign has no author.");
        }

        await using var session = await mail.ConnectAsync(ct);
        foreach (var language in new[] { "fr", "en" })
        {
            var content = await RenderAsync(campaign, tutor, language);
            var key = CampaignKeys.Test(id, tutor.PersonId, clock.GetUtcNow()) + ":" + language;
            await session.SendAsync(composer.Compose(new OutgoingEmail(key, tutor.Email, tutor.DisplayName, content with { Subject = "[test] " + content.Subject })), ct);
        }

        return 2;
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

    /// <summary>Stands in for the recipient's unsubscribe token in a preview.</summary>
    public const string PreviewToken = "preview";

    private async Task<RenderedMail> RenderAsync(Campaign campaign, Recipient recipient, string language, string? unsubscribeLink = null) =>
        await CampaignTemplates.Parse(campaign.Message).RenderAsync(language, new CampaignValues(
            recipient.DisplayName.Trim().Split(' ', 2)[0], campaign.ModuleTitle, campaign.ExamDate, addresses.Link(""),
            unsubscribeLink ?? composer.UnsubscribeLink(recipient.PersonId, EmailCategories.Campaigns)));

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
