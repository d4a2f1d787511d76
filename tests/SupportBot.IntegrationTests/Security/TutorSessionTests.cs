using System.Net;
using Dapper;
using SupportBot.IntegrationTests.Tutor;

namespace SupportBot.IntegrationTests.Security;

/// <summary>
/// Issue 17 item 4: the tutor cookie is checked against the account on every request, so a tutor
/// removed from their module, or an admin demoted, loses that access at once, not after the
/// cookie's 8 sliding hours.
/// </summary>
public sealed class TutorSessionTests(TutorSite site) : IClassFixture<TutorSite>
{
    [Fact]
    public async Task A_tutor_removed_from_their_only_module_is_signed_out_at_the_next_request()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);
        Assert.Equal(HttpStatusCode.OK, (await samuel.GetAsync(new Uri("/api/tutor/modules", UriKind.Relative))).StatusCode);

        await using (var c = await site.Database.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                DELETE FROM supportbot.module_tutors
                WHERE person_id = (SELECT id FROM supportbot.people WHERE email = @email)
                """, new { email = TutorSite.Samuel });
        }

        Assert.Equal(HttpStatusCode.Unauthorized, (await samuel.GetAsync(new Uri("/api/tutor/modules", UriKind.Relative))).StatusCode);
        var page = await samuel.GetAsync(new Uri("/tutor", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/tutor/sign-in", page.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_admin_demoted_to_one_module_sees_only_that_module_at_once()
    {
        var claire = await site.SignedInAsync(TutorSite.Claire);
        Assert.Contains("m1-platform", await claire.GetStringAsync(new Uri("/api/tutor/modules", UriKind.Relative)), StringComparison.Ordinal);

        await using (var c = await site.Database.DataSource.OpenConnectionAsync())
        {
            await c.ExecuteAsync("""
                UPDATE supportbot.people SET is_admin = false WHERE email = @email;
                DELETE FROM supportbot.module_tutors WHERE module_id = 'm1-platform' AND person_id = (SELECT id FROM supportbot.people WHERE email = @email);
                """, new { email = TutorSite.Claire });
        }

        var modules = await claire.GetStringAsync(new Uri("/api/tutor/modules", UriKind.Relative));
        Assert.DoesNotContain("m1-platform", modules, StringComparison.Ordinal);
        Assert.Contains("m2-data", modules, StringComparison.Ordinal);
        Assert.NotEqual(HttpStatusCode.OK, (await claire.GetAsync(new Uri("/hangfire", UriKind.Relative))).StatusCode);
    }
}
