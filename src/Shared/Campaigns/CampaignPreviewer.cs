using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using SupportBot.Shared.Templates;

namespace SupportBot.Shared.Campaigns;

/// <summary>A message as one recipient would get it.</summary>
public sealed record CampaignPreview(Guid PersonId, string Language, RenderedMail Mail);

/// <summary>
/// A campaign's message as its recipients will read it, before it goes out: rendered on screen with
/// a real recipient's data, or sent as a test to the tutor.
/// </summary>
public sealed class CampaignPreviewer(
    CampaignStore store,
    AudiencePages audiences,
    MailComposer composer,
    MailSender mail,
    ReplyAddresses addresses,
    TimeProvider clock)
{
    /// <summary>Stands in for the recipient's unsubscribe token in a preview.</summary>
    public const string PreviewToken = "preview";

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

    private async Task<RenderedMail> RenderAsync(Campaign campaign, Recipient recipient, string language, string? unsubscribeLink = null) =>
        await CampaignTemplates.Parse(campaign.Message).RenderAsync(language, new CampaignValues(
            recipient.DisplayName.Trim().Split(' ', 2)[0], campaign.ModuleTitle, campaign.ExamDate, addresses.Link(""),
            unsubscribeLink ?? composer.UnsubscribeLink(recipient.PersonId, EmailCategories.Campaigns)));

    private async Task<Campaign> RequireAsync(Guid id, CancellationToken ct) =>
        await store.FindAsync(id, ct) ?? throw new CampaignRequestException($"No campaign {id}.");
}
