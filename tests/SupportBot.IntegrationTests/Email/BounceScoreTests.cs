using Dapper;
using SupportBot.Shared.Email;

namespace SupportBot.IntegrationTests.Email;

/// <summary>
/// Bounces score an address instead of marking it for good: a hard bounce stops mail to it at once,
/// one delay does not, three in a row do; and the score fades (half-life <see cref="EmailBounces.HalfLife"/>),
/// so a mailbox that failed once months ago is tried again.
/// </summary>
public sealed class BounceScoreTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private EmailBounces Bounces => new(db.DataSource);

    [Fact]
    public async Task One_hard_bounce_stops_mail_at_once_and_one_delay_does_not()
    {
        var hard = Address();
        var soft = Address();

        await Bounces.RecordAsync(hard, permanent: true, CancellationToken.None);
        await Bounces.RecordAsync(soft, permanent: false, CancellationToken.None);

        Assert.True(await Bounces.IsBouncingAsync(hard, CancellationToken.None));
        Assert.False(await Bounces.IsBouncingAsync(soft, CancellationToken.None));
    }

    [Fact]
    public async Task Three_delays_close_together_stop_mail_but_three_spread_over_months_do_not()
    {
        var close = Address();
        var spread = Address();
        for (var i = 0; i < EmailBounces.TransientLimit; i++)
        {
            await Bounces.RecordAsync(close, permanent: false, CancellationToken.None);
            await Bounces.RecordAsync(spread, permanent: false, CancellationToken.None);
            await AgeAsync(spread, TimeSpan.FromDays(45));
        }

        Assert.True(await Bounces.IsBouncingAsync(close, CancellationToken.None));
        Assert.False(await Bounces.IsBouncingAsync(spread, CancellationToken.None));
    }

    [Fact]
    public async Task A_hard_bounce_fades_and_the_address_is_tried_again_after_two_half_lives()
    {
        var address = Address();
        await Bounces.RecordAsync(address, permanent: true, CancellationToken.None);

        await AgeAsync(address, EmailBounces.HalfLife * 0.9);
        Assert.True(await Bounces.IsBouncingAsync(address, CancellationToken.None));
        Assert.Contains(address, await new BounceLookup(db.DataSource).WhichBounceAsync([address], CancellationToken.None));

        await AgeAsync(address, EmailBounces.HalfLife * 1.2);
        Assert.False(await Bounces.IsBouncingAsync(address, CancellationToken.None));
        Assert.Empty(await new BounceLookup(db.DataSource).WhichBounceAsync([address], CancellationToken.None));
    }

    [Fact]
    public async Task A_hard_bounce_again_after_the_retry_stops_mail_for_longer()
    {
        var address = Address();
        await Bounces.RecordAsync(address, permanent: true, CancellationToken.None);
        await AgeAsync(address, EmailBounces.HalfLife * 2.1);
        await Bounces.RecordAsync(address, permanent: true, CancellationToken.None);

        await AgeAsync(address, EmailBounces.HalfLife * 1.1);

        Assert.True(await Bounces.IsBouncingAsync(address, CancellationToken.None));
    }

    private async Task AgeAsync(string address, TimeSpan by)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        await c.ExecuteAsync("UPDATE supportbot.email_bounces SET scored_at = scored_at - @by WHERE email = lower(@address)", new { address, by });
    }

    private static string Address() => $"peer.{Guid.NewGuid():N}@example.test";
}
