using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Campaigns;

/// <summary>
/// Runs every minute: opens the next occurrence of each scheduled campaign shortly before its
/// first recipient is due, resolves its audience page by page into deliveries (each due at the
/// recipient's local time), then cuts what is due now into batches for <see cref="CampaignBatchSender"/>.
/// One dispatcher at a time across workers (a PostgreSQL advisory lock); every step is safe to repeat.
/// </summary>
public sealed partial class CampaignDispatcher(
    CampaignStore store,
    AudiencePages audiences,
    NpgsqlDataSource db,
    IOptions<CampaignOptions> options,
    TimeProvider clock,
    ILogger<CampaignDispatcher> logger)
{
    private const int QueueStep = 10_000;

    /// <returns>The batches to send now (the caller enqueues or runs them); empty when another dispatcher is running.</returns>
    public async Task<IReadOnlyList<CampaignBatch>> DispatchAsync(CancellationToken ct)
    {
        await using var lockConnection = await db.OpenConnectionAsync(ct);
        if (!await lockConnection.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT pg_try_advisory_lock(hashtext('campaigns-dispatch'))", cancellationToken: ct)))
        {
            return [];
        }

        try
        {
            var o = options.Value;
            var now = clock.GetUtcNow();
            var campaigns = await store.ListScheduledAsync(ct);
            foreach (var campaign in campaigns)
            {
                await PlanAsync(campaign, now, ct);
            }

            foreach (var occurrence in await store.UnresolvedOccurrencesAsync(ct))
            {
                if (campaigns.FirstOrDefault(c => c.Id == occurrence.CampaignId) is { } campaign)
                {
                    await ResolveAsync(campaign, occurrence, now, ct);
                }
            }

            var batches = new List<CampaignBatch>(await store.RequeueStaleAsync(now, o.RequeueAfter, o.BatchSize, ct));
            while (await store.QueueDueAsync(now, QueueStep, o.BatchSize, ct) is { Count: > 0 } due)
            {
                batches.AddRange(due);
            }

            foreach (var campaign in campaigns)
            {
                await FinishIfDoneAsync(campaign, now, ct);
            }

            return batches;
        }
        finally
        {
            await lockConnection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_unlock(hashtext('campaigns-dispatch'))", cancellationToken: CancellationToken.None));
        }
    }

    /// <summary>Opens the campaign's next occurrence when its window has come.</summary>
    private async Task PlanAsync(Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        if (await NextDateAsync(campaign, now, ct) is { } date
            && LocalSendTime.EarliestUtc(date, campaign.Schedule.Time) - options.Value.ResolveAhead <= now)
        {
            await store.CreateOccurrenceAsync(campaign.Id, date, campaign.Schedule.Time, ct);
            LogOccurrence(campaign.Id, date);
        }
    }

    /// <summary>The next local date the campaign runs on that has no occurrence yet; weekly dates already past everywhere are skipped.</summary>
    private async Task<DateOnly?> NextDateAsync(Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        var last = await store.LastOccurrenceAsync(campaign.Id, ct);
        var from = last?.AddDays(1) ?? DateOnly.MinValue;
        if (campaign.Schedule.Kind == ScheduleKind.Weekly)
        {
            var lowest = DateOnly.FromDateTime(now.UtcDateTime).AddDays(-2);
            from = from > lowest ? from : lowest;
        }

        foreach (var date in LocalSendTime.OccurrenceDates(campaign.Schedule, from, campaign.ExamDate))
        {
            if (campaign.Schedule.Kind == ScheduleKind.Weekly && LocalSendTime.LatestUtc(date, campaign.Schedule.Time) < now)
            {
                continue;
            }

            return date;
        }

        return null;
    }

    /// <summary>Reads the audience page by page (keyset on person id, resumable) into deliveries due at each one's local time.</summary>
    private async Task ResolveAsync(Campaign campaign, PendingOccurrence occurrence, DateTimeOffset now, CancellationToken ct)
    {
        var size = options.Value.AudiencePageSize;
        var dueByZone = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var after = occurrence.ResolvedAfter;
        var total = 0;
        while (true)
        {
            var page = await audiences.PageAsync(campaign.Audience, after, size, now, ct);
            var deliveries = new List<(Guid, DateTimeOffset)>(page.Count);
            foreach (var member in page)
            {
                if (!dueByZone.TryGetValue(member.TimeZone, out var due))
                {
                    due = LocalSendTime.ToUtc(occurrence.Occurrence, occurrence.LocalTime, member.TimeZone);
                    dueByZone[member.TimeZone] = due;
                }

                deliveries.Add((member.PersonId, due));
            }

            var last = page.Count < size;
            await store.AddDeliveriesAsync(campaign.Id, occurrence.Occurrence, deliveries, last, now, ct);
            total += page.Count;
            if (last)
            {
                break;
            }

            after = page[^1].PersonId;
        }

        LogResolved(campaign.Id, occurrence.Occurrence, total);
    }

    private async Task FinishIfDoneAsync(Campaign campaign, DateTimeOffset now, CancellationToken ct)
    {
        if (await store.LastOccurrenceAsync(campaign.Id, ct) is null || await NextDateAsync(campaign, now, ct) is not null)
        {
            return;
        }

        if (await store.IsDrainedAsync(campaign.Id, ct))
        {
            await store.SetStatusAsync(campaign.Id, CampaignStatus.Done, [CampaignStatus.Scheduled], ct);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: occurrence {Occurrence} opened")]
    private partial void LogOccurrence(Guid campaignId, DateOnly occurrence);

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId}: occurrence {Occurrence} has {Count} recipients")]
    private partial void LogResolved(Guid campaignId, DateOnly occurrence, int count);
}
