using System.Net;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Shared.Email;

namespace SupportBot.IntegrationTests.Tutor;

/// <summary>An admin sees the addresses mail stops for and clears one that works again; a tutor who is not an admin cannot.</summary>
public sealed class TutorBouncesTests(TutorSite site) : IClassFixture<TutorSite>
{
    [Fact]
    public async Task An_admin_sees_a_bouncing_address_and_clearing_it_lets_mail_go_again()
    {
        var bounces = site.Host.Services.GetRequiredService<EmailBounces>();
        var hard = $"gone.{Guid.NewGuid():N}@example.test";
        var delayedOnce = $"slow.{Guid.NewGuid():N}@example.test";
        await bounces.RecordAsync(hard, permanent: true, CancellationToken.None);
        await bounces.RecordAsync(delayedOnce, permanent: false, CancellationToken.None);
        var claire = await site.SignedInAsync(TutorSite.Claire);

        var page = await claire.GetStringAsync(new Uri("/tutor/bounces", UriKind.Relative));
        Assert.Contains(hard, page, StringComparison.Ordinal);
        Assert.DoesNotContain(delayedOnce, page, StringComparison.Ordinal);

        var cleared = await TutorSite.PostFormAsync(claire, "/tutor/bounces", new() { ["email"] = hard }, "/tutor/bounces?handler=Clear");

        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.False(await bounces.IsBouncingAsync(hard, CancellationToken.None));
        Assert.DoesNotContain($"<td>{hard}</td>", await claire.GetStringAsync(new Uri("/tutor/bounces", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tutor_who_is_not_an_admin_can_neither_see_nor_clear_bounces()
    {
        var samuel = await site.SignedInAsync(TutorSite.Samuel);

        var page = await samuel.GetAsync(new Uri("/tutor/bounces", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/tutor/denied", page.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }
}
