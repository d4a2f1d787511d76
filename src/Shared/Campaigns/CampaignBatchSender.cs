using Stopwatch = System.Diagnostics.Stopwatch;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SupportBot.Shared.Conversations;
using SupportBot.Shared.Delivery;
using SupportBot.Shared.Email;
using SupportBot.Shared.Email.Outgoing;
using SupportBot.Shared.People;
using SupportBot.Shared.Templates;
using Status = SupportBot.Shared.Campaigns.CampaignStore.DeliveryStatus;

namespace SupportBot.Shared.Campaigns;

/// <summary>What one batch run did.</summary>
public sealed record BatchOutcome(int Sent, int Skipped, int Failed, int AlreadyHandled);

/// <summary>
/// Sends one batch of a campaign occurrence. Recipients are claimed a chunk at a time (a lease other
/// jobs respect), each message goes through the send log under campaign:&lt;id&gt;:&lt;person&gt;:&lt;occurrence&gt;,
/// emails share one SMTP connection, and opt-outs and bounces are read just before each chunk.
/// Run twice, the second run finds every key handled and sends nothing; after a crash, a re-run
/// sends what is missing (a message cut off between the SMTP server's acceptance and the send log
/// update goes again once, with the same Message-ID: see <see cref="SendLog"/>).
/// </summary>
public sealed partial class CampaignBatchSender(
    CampaignStore store,
    SendLog log,
    MailSender mail,
    EmailDelivery email,
    MailComposer composer,
    ReplyAddresses addresses,
    ChatDelivery chat,
    LearnerDelivery learners,
    EmailOptOuts optOuts,
    BounceLookup bounces,
    EmailBounces bounceRecorder,
    CampaignRateLimits limits,
    IOptions<CampaignOptions> options,
    IOptions<DeliveryOptions> delivery,
    TimeProvider clock,
    ILogger<CampaignBatchSender> logger)
{
    public async Task<BatchOutcome> SendAsync(CampaignBatch batch, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var o = options.Value;
        var campaign = await store.FindAsync(batch.CampaignId, ct);
        if (campaign is not { Status: CampaignStatus.Scheduled })
        {
            return new BatchOutcome(0, 0, 0, 0);
        }

        var templates = CampaignTemplates.Parse(campaign.Message);
        var run = new Run(campaign, batch, templates);
        try
        {
            for (var chunk = 0; ; chunk++)
            {
                if (chunk > 0 && (await store.FindAsync(batch.CampaignId, ct))?.Status != CampaignStatus.Scheduled)
                {
                    break;
                }

                var now = clock.GetUtcNow();
                var rows = run.Outage is null ? await store.ClaimAsync(batch, o.ChunkSize, now, now + o.ClaimTimeout, ct) : [];
                if (rows.Count == 0)
                {
                    break;
                }

                await SendChunkAsync(run, rows, ct);
            }
        }
        finally
        {
            if (run.Session is not null)
            {
                await run.Session.DisposeAsync();
            }
        }

        LogBatch(batch.CampaignId, batch.Occurrence, run.Sent, run.Skipped, run.Failed, run.AlreadyHandled, run.Waiting);
        return new BatchOutcome(run.Sent, run.Skipped, run.Failed, run.AlreadyHandled);
    }

    private async Task SendChunkAsync(Run run, IReadOnlyList<ClaimedDelivery> rows, CancellationToken ct)
    {
        var o = options.Value;
        var held = Stopwatch.StartNew();
        var optedOut = await optOuts.WhoOptedOutAsync(rows.Select(r => r.PersonId).ToList(), EmailCategories.Campaigns, ct);
        var bouncing = await bounces.WhichBounceAsync(rows.Select(r => r.Email).ToList(), ct);
        var results = new List<DeliveryResult>(rows.Count);
        Exception? failure = null;
        foreach (var row in rows)
        {
            if (run.Outage is { } outage)
            {
                // The service is down: the rest of the chunk waits with the first one, untried.
                results.Add(DeliveryResult.Waiting(row.PersonId, outage.WaitingFor, outage.RetryAt, outage.Detail));
                continue;
            }

            // Past half the claim, another job may take these over: stop sending, give them back.
            if (failure is not null || held.Elapsed > o.ClaimTimeout / 2)
            {
                results.Add(new DeliveryResult(row.PersonId, Status.Queued, null, failure?.Message ?? "claim ran out"));
                continue;
            }

            try
            {
                results.Add(await SendOneAsync(run, row, optedOut.Contains(row.PersonId), bouncing.Contains(row.Email.ToLowerInvariant()), ct));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                await run.ResetSessionAsync();
                var detail = ex.GetType().Name + ": " + ex.Message;
                switch (DeliveryFailures.Classify(ex))
                {
                    case FailureKind.Refused:
                        // The server refuses this address for good: a hard bounce, not a reason to stop the batch.
                        await bounceRecorder.RecordAsync(row.Email, permanent: true, CancellationToken.None);
                        results.Add(new DeliveryResult(row.PersonId, Status.Failed, SendLog.Email, ex.Message));
                        run.Failed++;
                        break;
                    case FailureKind.NotYet when ex is SendInProgressException busy:
                        // Another attempt (perhaps a killed worker's) holds the key: come back when its lease has run out.
                        results.Add(DeliveryResult.Waiting(row.PersonId, WaitingReasons.OtherAttempt, clock.GetUtcNow() + busy.RetryAfter + TimeSpan.FromSeconds(1), detail));
                        run.Waiting++;
                        break;
                    case FailureKind.NotYet:
                        run.Outage = new Outage(DeliveryFailures.WaitingFor(ex, SendLog.Email), clock.GetUtcNow() + delivery.Value.OutageRetryEvery, detail);
                        results.Add(DeliveryResult.Waiting(row.PersonId, run.Outage.WaitingFor, run.Outage.RetryAt, detail));
                        LogOutage(run.Batch.CampaignId, run.Outage.WaitingFor, detail);
                        break;
                    default:
                        failure = ex;
                        results.Add(new DeliveryResult(row.PersonId, row.Attempts >= o.MaxAttempts ? Status.Failed : Status.Queued, null, detail));
                        break;
                }
            }
        }

        await store.CompleteAsync(run.Batch, results, clock.GetUtcNow(), CancellationToken.None);
        if (run.Outage is { } down)
        {
            // Nothing more of this batch can go now: what it has not claimed waits too, without a retry of the job.
            run.Waiting += results.Count(r => r.WaitingFor == down.WaitingFor);
            await store.PostponeQueuedAsync(run.Batch, down.WaitingFor, down.Detail, down.RetryAt, clock.GetUtcNow(), CancellationToken.None);
        }

        if (failure is not null)
        {
            // The job fails and Hangfire retries it later; what was sent stays sent.
            throw new CampaignSendException($"Campaign {run.Batch.CampaignId} occurrence {run.Batch.Occurrence:yyyy-MM-dd}: sending failed, will retry", failure);
        }
    }

    private async Task<DeliveryResult> SendOneAsync(Run run, ClaimedDelivery row, bool optedOut, bool bouncing, CancellationToken ct)
    {
        var key = CampaignKeys.For(run.Batch.CampaignId, row.PersonId, run.Batch.Occurrence);
        if (optedOut)
        {
            return await SkipAsync(run, key, row, Status.SkippedOptedOut, "opted out of campaigns", ct);
        }

        var language = MailTemplates.LanguageOf(row.Locale);
        var values = new CampaignValues(FirstName(row.DisplayName), run.Campaign.ModuleTitle, run.Campaign.ExamDate, addresses.Link(""),
            composer.UnsubscribeLink(row.PersonId, EmailCategories.Campaigns));
        var content = await run.Templates.RenderAsync(language, values);

        if (run.Campaign.Channel == CampaignChannel.ChatElseEmail && row.HasChat
            && await learners.ChatOfAsync(row.PersonId, ct) is { } reference)
        {
            await limits.WaitAsync(null, ct);
            try
            {
                var chatMessage = (await run.Templates.RenderChatAsync(language, values)).ToActivity();
                return await chat.SendAsync(key, reference, chatMessage, ct) == DeliveryOutcome.Sent
                    ? Sent(run, row, SendLog.Chat)
                    : await AlreadyHandledAsync(run, key, row, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException and not SendInProgressException)
            {
                // The conversation is gone or the channel refuses: the learner still gets it, by email.
                LogChatFallback(row.PersonId, ex.GetType().Name);
            }
        }

        if (bouncing)
        {
            return await SkipAsync(run, key, row, Status.SkippedBouncing, "address bounces", ct);
        }

        var message = composer.Compose(new OutgoingEmail(key, row.Email, row.DisplayName, content,
            Unsubscribe: new UnsubscribeRequest(row.PersonId, EmailCategories.Campaigns)));
        await limits.WaitAsync(row.Email[(row.Email.LastIndexOf('@') + 1)..], ct);
        run.Session ??= await mail.ConnectAsync(ct);
        return await email.SendAsync(key, new MailTarget(row.Email, row.PersonId, EmailCategories.Campaigns, AlreadyChecked: true), message, run.Session, ct) == DeliveryOutcome.Sent
            ? Sent(run, row, SendLog.Email)
            : await AlreadyHandledAsync(run, key, row, ct);
    }

    private static DeliveryResult Sent(Run run, ClaimedDelivery row, string channel)
    {
        run.Sent++;
        return new DeliveryResult(row.PersonId, Status.Sent, channel, null);
    }

    private async Task<DeliveryResult> SkipAsync(Run run, string key, ClaimedDelivery row, string status, string reason, CancellationToken ct)
    {
        if (!await log.TryBeginAsync(key, SendLog.Email, row.Email, ct))
        {
            return await AlreadyHandledAsync(run, key, row, ct);
        }

        await log.MarkSkippedAsync(key, reason, ct);
        run.Skipped++;
        return new DeliveryResult(row.PersonId, status, null, reason);
    }

    /// <summary>A previous run got there first: report what the send log says it did.</summary>
    private async Task<DeliveryResult> AlreadyHandledAsync(Run run, string key, ClaimedDelivery row, CancellationToken ct)
    {
        run.AlreadyHandled++;
        var entry = await log.FindAsync(key, ct);
        var status = entry switch
        {
            { Status: "sent" } => Status.Sent,
            { Status: "skipped", Detail: { } d } when d.StartsWith("opted out", StringComparison.Ordinal) => Status.SkippedOptedOut,
            { Status: "skipped" } => Status.SkippedBouncing,
            _ => Status.Sent,
        };
        return new DeliveryResult(row.PersonId, status, entry?.Channel, entry?.Detail);
    }

    private static string? FirstName(string? displayName) =>
        string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries)[0];

    [LoggerMessage(Level = LogLevel.Information, Message = "Campaign {CampaignId} occurrence {Occurrence}: batch sent {Sent}, skipped {Skipped}, failed {Failed}, already handled {AlreadyHandled}, waiting {Waiting}")]
    private partial void LogBatch(Guid campaignId, DateOnly occurrence, int sent, int skipped, int failed, int alreadyHandled, int waiting);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign {CampaignId}: waiting for {WaitingFor} ({Error}); the batch's deliveries wait and try again")]
    private partial void LogOutage(Guid campaignId, string waitingFor, string error);

    private sealed record Outage(string WaitingFor, DateTimeOffset RetryAt, string Detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Campaign chat message to {PersonId} failed ({Error}); sending it by email")]
    private partial void LogChatFallback(Guid personId, string error);

    private sealed class Run(Campaign campaign, CampaignBatch batch, CampaignTemplates templates)
    {
        public Campaign Campaign { get; } = campaign;

        public CampaignBatch Batch { get; } = batch;

        public CampaignTemplates Templates { get; } = templates;

        public MailSession? Session { get; set; }

        public int Sent { get; set; }

        public int Skipped { get; set; }

        public int Failed { get; set; }

        public int AlreadyHandled { get; set; }

        public int Waiting { get; set; }

        /// <summary>Set when a service the batch needs turned out to be down: the batch stops and its deliveries wait.</summary>
        public Outage? Outage { get; set; }

        public async Task ResetSessionAsync()
        {
            if (Session is not null)
            {
                await Session.DisposeAsync();
                Session = null;
            }
        }
    }
}

public sealed class CampaignSendException(string message, Exception inner) : Exception(message, inner);
