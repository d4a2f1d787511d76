using Hangfire;
using SupportBot.Shared.Campaigns;

namespace SupportBot.Jobs.Campaigns;

/// <summary>Every minute (recurring job "campaigns-dispatch"): opens occurrences, resolves audiences, enqueues a batch job per due batch.</summary>
public sealed class CampaignsDispatchJob(CampaignDispatcher dispatcher, IBackgroundJobClient jobs)
{
    /// <returns>The batches it enqueued (tests run them directly).</returns>
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [AutomaticRetry(Attempts = 0)]
    public async Task<IReadOnlyList<CampaignBatch>> RunAsync(CancellationToken ct)
    {
        var batches = await dispatcher.DispatchAsync(ct);
        foreach (var b in batches)
        {
            var occurrence = b.Occurrence.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            jobs.Enqueue<SendCampaignBatchJob>(j => j.RunAsync(b.CampaignId, occurrence, b.From, b.To, CancellationToken.None));
        }

        return batches;
    }
}

/// <summary>Sends one batch of a campaign occurrence (see <see cref="CampaignBatchSender"/>); safe to run twice, resumes after a crash.</summary>
public sealed class SendCampaignBatchJob(CampaignBatchSender sender)
{
    /// <param name="occurrence">The occurrence's local date, yyyy-MM-dd.</param>
    [AutomaticRetry(Attempts = 20)]
    public async Task RunAsync(Guid campaignId, string occurrence, Guid from, Guid to, CancellationToken ct) =>
        await sender.SendAsync(new CampaignBatch(campaignId, DateOnly.ParseExact(occurrence, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), from, to), ct);

    public Task RunAsync(CampaignBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return sender.SendAsync(batch, ct);
    }
}
