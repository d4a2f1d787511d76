using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Shared.Campaigns;
using SupportBot.Shared.Delivery;

namespace SupportBot.IntegrationTests.Campaigns;

/// <summary>
/// "Not yet" is never "failed": a send-log claim held by a killed worker, or a mail server down for
/// longer than every retry, makes deliveries wait and resume; only the recipient's own refusal ends one.
/// </summary>
public sealed class CampaignWaitTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    private static readonly DateOnly Sunday = new(2027, 3, 28);
    private static readonly DateTimeOffset AfterFivePmInParis = new(2027, 3, 28, 15, 1, 0, TimeSpan.Zero);

    [Fact]
    public async Task A_claim_held_by_a_killed_worker_is_not_yet_never_failed_and_the_message_goes_once_when_its_lease_runs_out()
    {
        await using var world = await CampaignWorld.StartAsync(db, AfterFivePmInParis, new Dictionary<string, string?> { ["Campaigns:MaxAttempts"] = "3" });
        var lea = await world.LearnerAsync("Lea", "Europe/Paris");
        await world.LearnerAsync("Hugo", "Europe/Paris");
        var campaign = await world.ScheduleAsync(LocalSchedule.Once(Sunday, new TimeOnly(17, 0)));

        System.Diagnostics.Stopwatch sinceClaim;
        // A worker claimed Léa's message in the send log and was killed (kill -9) before sending it.
        await using (var killed = new BotHost(db.ConnectionString, new Dictionary<string, string?> { ["Delivery:ClaimLease"] = "00:00:20" }))
        {
            var key = CampaignKeys.For(campaign, lea, Sunday);
            Assert.True(await killed.Services.GetRequiredService<SendLog>().TryBeginAsync(key, SendLog.Email, world.EmailOf("Lea"), CancellationToken.None));
            sinceClaim = System.Diagnostics.Stopwatch.StartNew();
        }

        // Far more rounds than attempts allowed, each past every campaign claim and requeue delay, while the dead claim still holds.
        for (var round = 0; round < 6; round++)
        {
            await RoundAsync(world, TimeSpan.FromMinutes(20));
        }

        Assert.True(sinceClaim.Elapsed < TimeSpan.FromSeconds(20), "the rounds outlasted the dead claim's lease: the machine is too slow for this test");
        var held = await DeliveryAsync(campaign, lea);
        Assert.NotEqual("failed", held.Status);
        Assert.Equal(("due", "other_attempt", 0), (held.Status, held.WaitingFor, held.Attempts));
        Assert.Equal([world.EmailOf("Hugo")], (await Smtp4dev.MessagesAsync(world.Tag)).Select(m => m.To.ToLowerInvariant()));
        // Waiting for another attempt is not an outage: the tutor sees nothing to worry about.
        Assert.Null((await world.Campaigns.ProgressAsync(campaign, CancellationToken.None)).WaitingSince);

        // The dead holder's lease runs out (20 s of real time): the next round takes the claim over and sends, once.
        await Task.Delay(TimeSpan.FromSeconds(20.5) - sinceClaim.Elapsed);
        await RoundAsync(world, TimeSpan.FromMinutes(1));
        await RoundAsync(world, TimeSpan.FromMinutes(1));

        var mail = (await Smtp4dev.MessagesAsync(world.Tag)).Select(m => m.To.ToLowerInvariant()).Order().ToList();
        Assert.Equal([world.EmailOf("Hugo"), world.EmailOf("Lea")], mail);
        Assert.Equal(new CampaignProgress(0, 2, 0, 0, 0, 0), await world.Campaigns.ProgressAsync(campaign, CancellationToken.None));
    }

    [Fact]
    public async Task A_mail_server_down_longer_than_every_retry_loses_nothing_the_campaign_waits_since_the_outage_then_resumes()
    {
        await using var world = await CampaignWorld.StartAsync(db, AfterFivePmInParis, new Dictionary<string, string?>
        {
            ["Campaigns:MaxAttempts"] = "2",
            ["Delivery:OutageRetryEvery"] = "00:01:00",
            ["Campaigns:ChunkSize"] = "2",
        });
        for (var i = 0; i < 5; i++)
        {
            await world.LearnerAsync("Learner" + i, "Europe/Paris");
        }

        // The mail server goes away (nothing listens on its port any more) before the campaign starts.
        world.Reconfigure(new Dictionary<string, string?> { ["Smtp:Port"] = ClosedPort().ToString(CultureInfo.InvariantCulture) });
        var campaign = await world.ScheduleAsync(LocalSchedule.Once(Sunday, new TimeOnly(17, 0)));
        var outageStart = world.Clock.GetUtcNow();

        // An hour of outage, a try every minute: 60 times the 2 attempts allowed.
        for (var minute = 0; minute < 60; minute++)
        {
            await RoundAsync(world, TimeSpan.FromMinutes(1));
        }

        Assert.Empty(await Smtp4dev.MessagesAsync(world.Tag));
        var waiting = await world.Campaigns.ProgressAsync(campaign, CancellationToken.None);
        Assert.Equal((5, 0, 0), (waiting.Due, waiting.Sent, waiting.Failed));
        Assert.Equal(WaitingReasons.MailServer, waiting.WaitingFor);
        Assert.InRange(waiting.WaitingSince!.Value, outageStart, outageStart.AddMinutes(2));
        await using (var c = await db.DataSource.OpenConnectionAsync())
        {
            Assert.Equal(0, await c.ExecuteScalarAsync<int>(
                "SELECT max(attempts) FROM supportbot.campaign_deliveries WHERE campaign_id = @campaign", new { campaign }));
        }

        // The mail server is back: every learner gets the message once, and nobody waits any more.
        world.Reconfigure(new Dictionary<string, string?> { ["Smtp:Port"] = TestServices.SmtpPort.ToString(CultureInfo.InvariantCulture) });
        await RoundAsync(world, TimeSpan.FromMinutes(1));
        await RoundAsync(world, TimeSpan.FromMinutes(1));

        var mail = await Smtp4dev.MessagesAsync(world.Tag);
        Assert.Equal(5, mail.Count);
        Assert.Equal(5, mail.Select(m => m.To.ToLowerInvariant()).Distinct().Count());
        Assert.Equal(new CampaignProgress(0, 5, 0, 0, 0, 0), await world.Campaigns.ProgressAsync(campaign, CancellationToken.None));
    }

    /// <summary>One minute-job round as the Hangfire server would run it: a failed batch job is retried by Hangfire, not by the test.</summary>
    private static async Task RoundAsync(CampaignWorld world, TimeSpan step)
    {
        world.Clock.Advance(step);
        foreach (var batch in await world.DispatchAsync())
        {
            try
            {
                await world.SendAsync([batch]);
            }
            catch (CampaignSendException)
            {
                // Hangfire would retry the job; the next round's requeue does the same here.
            }
        }
    }

    private async Task<(string Status, string? WaitingFor, int Attempts)> DeliveryAsync(Guid campaign, Guid person)
    {
        await using var c = await db.DataSource.OpenConnectionAsync();
        return await c.QuerySingleAsync<(string, string?, int)>(
            "SELECT status, waiting_for, attempts FROM supportbot.campaign_deliveries WHERE campaign_id = @campaign AND person_id = @person",
            new { campaign, person });
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
