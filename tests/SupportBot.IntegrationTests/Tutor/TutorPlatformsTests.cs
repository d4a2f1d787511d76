using System.Net;
using Dapper;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>
/// The course platforms page (#20): an admin's "Sync now" queues the roster sync of that course for
/// the jobs worker; a tutor who is not an admin cannot open the page.
/// </summary>
public sealed class TutorPlatformsTests(TutorSite site) : IClassFixture<TutorSite>
{
    [Fact]
    public async Task An_admin_starts_the_sync_of_a_launched_course_and_the_job_is_queued()
    {
        var context = Guid.NewGuid().ToString("N")[..8];
        await using (var c = await site.Database.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                INSERT INTO supportbot.lti_contexts (platform, context_id, module_id, memberships_url, launched_at)
                VALUES ('moodle-univ', @context, (SELECT id FROM supportbot.modules ORDER BY id LIMIT 1), 'https://moodle.univ.example/mod/lti/services.php/CourseSection/17/bindings/3/memberships', now())
                """, new { context });
        }

        var claire = await site.SignedInAsync(TutorSite.Claire);
        var list = await claire.GetStringAsync(new Uri("/tutor/platforms", UriKind.Relative));
        Assert.Contains(context, list, StringComparison.Ordinal);

        var sync = await TutorSite.PostFormAsync(claire, "/tutor/platforms",
            new() { ["platform"] = "moodle-univ", ["context"] = context }, "/tutor/platforms?handler=Sync");

        Assert.Equal(HttpStatusCode.Redirect, sync.StatusCode);
        var after = WebUtility.HtmlDecode(await claire.GetStringAsync(new Uri("/tutor/platforms", UriKind.Relative)));
        Assert.Contains("Synchronisation de", after, StringComparison.Ordinal);
        await using (var c = await site.Database.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(1, await c.ExecuteScalarAsync<int>("""
                SELECT count(*)::int FROM hangfire.job
                WHERE statename = 'Enqueued' AND invocationdata::text LIKE '%RosterSyncJob%' AND arguments::text LIKE '%' || @context || '%'
                """, new { context }));
        }
    }

    [Fact]
    public async Task Syncing_a_course_nobody_launched_is_not_found_and_queues_nothing()
    {
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var sync = await TutorSite.PostFormAsync(claire, "/tutor/platforms",
            new() { ["platform"] = "moodle-univ", ["context"] = "no-such-course" }, "/tutor/platforms?handler=Sync");

        Assert.Equal(HttpStatusCode.NotFound, sync.StatusCode);
    }

    [Fact]
    public async Task A_tutor_who_is_not_an_admin_cannot_open_the_platforms_page()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var page = await samuel.GetAsync(new Uri("/tutor/platforms/edit", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/tutor/denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
