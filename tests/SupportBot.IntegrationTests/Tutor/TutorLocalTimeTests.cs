using System.Net;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Bot.Tutor.Campaigns;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.People;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>
/// The tutor pages speak the tutor's language and read the tutor's clock: Claire (French) in
/// Martinique (UTC−4) and Samuel (English) in Nouméa (UTC+11) see one question's time each on their own clock.
/// </summary>
public sealed class TutorLocalTimeTests(TutorSite site) : IClassFixture<TutorSite>
{
    [Fact]
    public async Task Times_are_on_the_tutor_s_own_clock_in_their_language_not_in_utc()
    {
        await using (var c = await site.Database.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("UPDATE supportbot.people SET time_zone = 'America/Martinique' WHERE email = @Claire", new { TutorSite.Claire });
            await c.ExecuteAsync("UPDATE supportbot.people SET time_zone = 'Pacific/Noumea' WHERE email = @Samuel", new { TutorSite.Samuel });
            await c.ExecuteAsync("""
                INSERT INTO supportbot.questions (asker_id, module_id, topic, language, text, status, created_at)
                SELECT id, 'm2-data', 'technical', 'fr', 'Mon notebook ne se lance plus depuis ce matin', 'routed', '2026-12-02T09:30:00Z'
                FROM supportbot.people WHERE external_id = 'learner-lea'
                """);
        }

        var claire = await (await site.SignedInAsync(TutorSite.Claire)).GetStringAsync(new Uri("/tutor/questions?list=all", UriKind.Relative));
        var samuel = await (await site.SignedInAsync(TutorSite.Samuel)).GetStringAsync(new Uri("/tutor/questions?list=all", UriKind.Relative));

        Assert.Contains("2 déc. 05:30", claire, StringComparison.Ordinal);
        Assert.Contains("2 Dec 20:30", samuel, StringComparison.Ordinal);
        Assert.DoesNotContain("09:30", claire + samuel, StringComparison.Ordinal);
        Assert.DoesNotContain(" UTC", claire + samuel, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"fr\">", claire, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", samuel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_browser_s_favicon_request_gets_an_icon_not_a_404()
    {
        var response = await site.Browser().GetAsync(new Uri("/favicon.ico", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/x-icon", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([0, 0, 1, 0], (await response.Content.ReadAsByteArrayAsync())[..4]);
    }

    [Fact]
    public async Task A_campaign_preview_carries_no_working_unsubscribe_token()
    {
        var id = await site.Host.Services.GetRequiredService<CampaignLifecycle>().CreateAsync(new NewCampaign("Aperçu", "m1-platform", null, new AudienceFilter(AudienceKind.Module, "m1-platform"),
            new CampaignMessage("Courage {{ first_name }}", "Bonjour {{ first_name }}", "Keep going {{ first_name }}", "Hello {{ first_name }}"),
            CampaignChannel.EmailOnly, LocalSchedule.Now(DateTimeOffset.UtcNow)), CancellationToken.None);

        var preview = await site.Host.Services.GetRequiredService<CampaignPreviewer>().PreviewAsync(id, null, "fr", CancellationToken.None);

        Assert.Contains("/unsubscribe?t=" + CampaignPreviewer.PreviewToken, preview.Mail.Text, StringComparison.Ordinal);
        Assert.Contains("/unsubscribe?t=" + CampaignPreviewer.PreviewToken, preview.Mail.Html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ScheduleKind.Once, 5, 0, "done")]
    [InlineData(ScheduleKind.Once, 5, 2, "scheduled")]
    [InlineData(ScheduleKind.Once, 0, 0, "scheduled")]
    [InlineData(ScheduleKind.Weekly, 5, 0, "scheduled")]
    public void A_one_off_campaign_with_nothing_left_to_send_reads_done_not_scheduled(ScheduleKind kind, int sent, int due, string shown)
    {
        var view = CampaignProgressView.From(Guid.NewGuid(), CampaignStatus.Scheduled, kind,
            new OccurrenceProgress(new DateOnly(2026, 12, 2), new CampaignProgress(due, sent, 0, 0, 0, 0)));

        Assert.Equal(shown, view.Status);
    }
}
