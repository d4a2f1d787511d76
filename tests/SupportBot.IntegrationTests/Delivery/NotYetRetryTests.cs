using System.Net.Sockets;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using SupportBot.Jobs.Routing;
using SupportBot.IntegrationTests.Fixtures;
using SupportBot.Jobs.Hosting;
using SupportBot.Shared.Delivery;

namespace SupportBot.IntegrationTests.Delivery;

/// <summary>
/// Through Hangfire's own state machine (its filters and the jobs' [AutomaticRetry], on the real
/// PostgreSQL storage): a job told "not yet" (another attempt holds the send-log claim, the mail
/// server is down) is rescheduled as often as it takes without using up a retry; a real failure
/// still runs out of retries and fails.
/// </summary>
public sealed class NotYetRetryTests(FreshDatabase db) : IClassFixture<FreshDatabase>
{
    [Fact]
    public async Task A_job_told_not_yet_more_often_than_its_retries_is_rescheduled_each_time_and_a_real_failure_still_fails()
    {
        await using var host = new BotHost(db.ConnectionString);
        var storage = host.Services.GetRequiredService<JobStorage>();
        var client = host.Services.GetRequiredService<IBackgroundJobClient>();
        // The relay job keeps Hangfire's default of 10 retries.
        var heldByKilledWorker = client.Schedule<RelayAnswerJob>(j => j.RunAsync(Guid.NewGuid(), CancellationToken.None), TimeSpan.FromDays(1));
        var mailServerDown = client.Schedule<RelayAnswerJob>(j => j.RunAsync(Guid.NewGuid(), CancellationToken.None), TimeSpan.FromDays(1));
        var broken = client.Schedule<RelayAnswerJob>(j => j.RunAsync(Guid.NewGuid(), CancellationToken.None), TimeSpan.FromDays(1));
        var states = new BackgroundJobStateChanger(JobFilterProviders.Providers);
        using var connection = storage.GetConnection();

        for (var i = 0; i < 25; i++)
        {
            Fail(heldByKilledWorker, new SendInProgressException("answer:x:chat", TimeSpan.FromSeconds(40)));
            Fail(mailServerDown, new SocketException((int)SocketError.ConnectionRefused));
            Fail(broken, new InvalidOperationException("a bug"));
        }

        foreach (var job in new[] { heldByKilledWorker, mailServerDown })
        {
            Assert.Equal(ScheduledState.StateName, connection.GetStateData(job).Name);
            Assert.Null(connection.GetJobParameter(job, "RetryCount"));
            Assert.Equal("25", connection.GetJobParameter(job, NotYetRetryFilter.WaitsParameter));
        }

        // Back when the other attempt's lease has run out (40 s + 1 s), not at Hangfire's growing delay.
        var due = JobHelper.DeserializeDateTime(connection.GetStateData(heldByKilledWorker).Data["EnqueueAt"]);
        Assert.InRange(due - DateTime.UtcNow, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(45));
        Assert.Equal(FailedState.StateName, connection.GetStateData(broken).Name);

        void Fail(string job, Exception ex) =>
            states.ChangeState(new StateChangeContext(storage, connection, job, new FailedState(ex)));
    }
}
