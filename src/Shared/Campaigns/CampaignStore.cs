using Dapper;
using Npgsql;
using SupportBot.Shared.People;

namespace SupportBot.Shared.Campaigns;

/// <summary>A recipient claimed by a batch job, with what the message needs.</summary>
public sealed record ClaimedDelivery(Guid PersonId, string DisplayName, string Email, string Locale, bool HasChat, int Attempts);

/// <summary>What became of one claimed delivery.</summary>
/// <param name="WaitingFor">Set when it could not go yet (one of <see cref="Delivery.WaitingReasons"/>): it goes back to due at <paramref name="RetryAt"/>, its attempt given back.</param>
public sealed record DeliveryResult(Guid PersonId, string Status, string? Channel, string? Detail, string? WaitingFor = null, DateTimeOffset? RetryAt = null)
{
    /// <summary>Not yet: back to due at <paramref name="retryAt"/>, without using up an attempt.</summary>
    public static DeliveryResult Waiting(Guid personId, string waitingFor, DateTimeOffset retryAt, string? detail) =>
        new(personId, CampaignStore.DeliveryStatus.Due, null, detail, waitingFor, retryAt);
}

/// <summary>An occurrence whose audience is still being resolved.</summary>
public sealed record PendingOccurrence(Guid CampaignId, DateOnly Occurrence, TimeOnly LocalTime, Guid ResolvedAfter);

/// <summary>Owns supportbot.campaigns, campaign_occurrences and campaign_deliveries.</summary>
public sealed class CampaignStore(NpgsqlDataSource db)
{
    public static class DeliveryStatus
    {
        public const string Due = "due";
        public const string Queued = "queued";
        public const string Sending = "sending";
        public const string Sent = "sent";
        public const string Failed = "failed";
        public const string SkippedOptedOut = "skipped_opted_out";
        public const string SkippedBouncing = "skipped_bouncing";
        public const string Cancelled = "cancelled";
    }

    public async Task<Guid> CreateAsync(NewCampaign campaign, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(campaign);
        var s = campaign.Schedule;
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<Guid>(new CommandDefinition("""
            INSERT INTO supportbot.campaigns (name, module_id, created_by, audience_kind, audience_cohort, audience_inactive_days, audience_people,
                subject_fr, body_fr, subject_en, body_en, channel, schedule_kind, local_time, local_date, weekday, days_before_exam, until_date)
            VALUES (@Name, @ModuleId, @CreatedBy, @audienceKind, @Cohort, @InactiveDays, @people,
                @SubjectFr, @BodyFr, @SubjectEn, @BodyEn, @channel, @scheduleKind, @time, @date, @weekday, @daysBefore, @until)
            RETURNING id
            """, new
        {
            campaign.Name, campaign.ModuleId, campaign.CreatedBy,
            audienceKind = AudienceText(campaign.Audience.Kind), campaign.Audience.Cohort, campaign.Audience.InactiveDays,
            people = (campaign.Audience.People ?? []).ToArray(),
            campaign.Message.SubjectFr, campaign.Message.BodyFr, campaign.Message.SubjectEn, campaign.Message.BodyEn,
            channel = ChannelText(campaign.Channel), scheduleKind = ScheduleText(s.Kind), time = s.Time, date = s.Date,
            weekday = s.Day is { } d ? (int?)d : null, daysBefore = s.Kind == ScheduleKind.RelativeToExam ? (int?)s.DaysBeforeExam : null, until = s.Until,
        }, cancellationToken: ct));
    }

    public async Task<Campaign?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<CampaignRow>(new CommandDefinition(SelectCampaign + " WHERE c.id = @id", new { id }, cancellationToken: ct));
        return row?.ToCampaign();
    }

    /// <summary>Campaigns the dispatcher looks at (status scheduled).</summary>
    public async Task<IReadOnlyList<Campaign>> ListScheduledAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<CampaignRow>(new CommandDefinition(SelectCampaign + " WHERE c.status = 'scheduled' ORDER BY c.created_at", cancellationToken: ct)))
            .Select(r => r.ToCampaign()).ToList();
    }

    public async Task<IReadOnlyList<CampaignSummary>> ListAsync(string? moduleId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<SummaryRow>(new CommandDefinition($"""
            SELECT c.id AS Id, c.name AS Name, c.module_id AS ModuleId, c.status AS Status, c.schedule_kind AS ScheduleKind, {ProgressColumns}
            FROM supportbot.campaigns c LEFT JOIN supportbot.campaign_deliveries d ON d.campaign_id = c.id
            WHERE @moduleId::text IS NULL OR c.module_id = @moduleId
            GROUP BY c.id ORDER BY c.created_at DESC
            """, new { moduleId }, cancellationToken: ct));
        return rows.Select(r => new CampaignSummary(r.Id, r.Name, r.ModuleId, ParseStatus(r.Status), ParseSchedule(r.ScheduleKind), r.ToProgress())).ToList();
    }

    public async Task<CampaignProgress> ProgressAsync(Guid id, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleAsync<SummaryRow>(new CommandDefinition(
            $"SELECT {ProgressColumns} FROM supportbot.campaign_deliveries d WHERE d.campaign_id = @id", new { id }, cancellationToken: ct));
        return row.ToProgress();
    }

    /// <summary>The deliveries of one occurrence by state.</summary>
    public async Task<CampaignProgress> ProgressAsync(Guid id, DateOnly occurrence, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleAsync<SummaryRow>(new CommandDefinition(
            $"SELECT {ProgressColumns} FROM supportbot.campaign_deliveries d WHERE d.campaign_id = @id AND d.occurrence = @occurrence",
            new { id, occurrence }, cancellationToken: ct));
        return row.ToProgress();
    }

    /// <summary>Moves a campaign to <paramref name="to"/> when it is in one of <paramref name="from"/>; false otherwise.</summary>
    public async Task<bool> SetStatusAsync(Guid id, CampaignStatus to, IReadOnlyCollection<CampaignStatus> from, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(from);
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.campaigns SET status = @to, updated_at = now() WHERE id = @id AND status = ANY(@from)
            """, new { id, to = StatusText(to), from = from.Select(StatusText).ToArray() }, cancellationToken: ct)) == 1;
    }

    public async Task<DateOnly?> LastOccurrenceAsync(Guid campaignId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<DateOnly?>(new CommandDefinition(
            "SELECT max(occurrence) FROM supportbot.campaign_occurrences WHERE campaign_id = @campaignId", new { campaignId }, cancellationToken: ct));
    }

    /// <summary>Where the latest occurrence opened so far stands (a weekly campaign's current week); no occurrence yet: null and zeros.</summary>
    public async Task<OccurrenceProgress> LatestOccurrenceProgressAsync(Guid id, CancellationToken ct) =>
        await LastOccurrenceAsync(id, ct) is { } occurrence
            ? new OccurrenceProgress(occurrence, await ProgressAsync(id, occurrence, ct))
            : new OccurrenceProgress(null, new CampaignProgress(0, 0, 0, 0, 0, 0));

    public async Task CreateOccurrenceAsync(Guid campaignId, DateOnly occurrence, TimeOnly localTime, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.campaign_occurrences (campaign_id, occurrence, local_time) VALUES (@campaignId, @occurrence, @localTime)
            ON CONFLICT DO NOTHING
            """, new { campaignId, occurrence, localTime }, cancellationToken: ct));
    }

    public async Task<IReadOnlyList<PendingOccurrence>> UnresolvedOccurrencesAsync(CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<OccurrenceRow>(new CommandDefinition("""
            SELECT o.campaign_id AS CampaignId, o.occurrence AS Occurrence, o.local_time AS LocalTime, o.resolved_after AS ResolvedAfter
            FROM supportbot.campaign_occurrences o JOIN supportbot.campaigns c ON c.id = o.campaign_id
            WHERE o.resolved_at IS NULL AND c.status = 'scheduled'
            ORDER BY o.created_at
            """, cancellationToken: ct))).Select(r => new PendingOccurrence(r.CampaignId, r.Occurrence, r.LocalTime, r.ResolvedAfter ?? Guid.Empty)).ToList();
    }

    /// <summary>Adds one page of recipients and moves the occurrence's cursor past it, atomically; a page seen twice adds nobody twice.</summary>
    public async Task AddDeliveriesAsync(Guid campaignId, DateOnly occurrence, IReadOnlyList<(Guid PersonId, DateTimeOffset DueAt)> page, bool last, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(page);
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.campaign_deliveries (campaign_id, occurrence, person_id, due_at)
            SELECT @campaignId, @occurrence, u.person_id, u.due_at FROM unnest(@ids, @dues) AS u(person_id, due_at)
            ON CONFLICT DO NOTHING
            """, new { campaignId, occurrence, ids = page.Select(p => p.PersonId).ToArray(), dues = page.Select(p => p.DueAt.UtcDateTime).ToArray() }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.campaign_occurrences SET resolved_after = COALESCE(@after, resolved_after), resolved_at = CASE WHEN @last THEN @now END
            WHERE campaign_id = @campaignId AND occurrence = @occurrence
            """, new { campaignId, occurrence, after = page.Count > 0 ? page[^1].PersonId : (Guid?)null, last, now = now.UtcDateTime }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>
    /// Marks up to <paramref name="limit"/> due deliveries of scheduled campaigns as queued and cuts
    /// them into batches of at most <paramref name="batchSize"/> contiguous recipients.
    /// </summary>
    public async Task<IReadOnlyList<CampaignBatch>> QueueDueAsync(DateTimeOffset now, int limit, int batchSize, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<KeyRow>(new CommandDefinition("""
            WITH picked AS (
                SELECT d.campaign_id, d.occurrence, d.person_id
                FROM supportbot.campaign_deliveries d JOIN supportbot.campaigns c ON c.id = d.campaign_id AND c.status = 'scheduled'
                WHERE d.status = 'due' AND d.due_at <= @now
                ORDER BY d.campaign_id, d.occurrence, d.person_id
                LIMIT @limit
                FOR UPDATE OF d SKIP LOCKED)
            UPDATE supportbot.campaign_deliveries d SET status = 'queued', queued_at = @now
            FROM picked p WHERE d.campaign_id = p.campaign_id AND d.occurrence = p.occurrence AND d.person_id = p.person_id
            RETURNING d.campaign_id AS CampaignId, d.occurrence AS Occurrence, d.person_id AS PersonId
            """, new { now = now.UtcDateTime, limit }, cancellationToken: ct));
        return Cut(rows, batchSize);
    }

    /// <summary>
    /// Deliveries a lost job left behind: queued longer than <paramref name="requeueAfter"/> (the job
    /// vanished with its worker), or claimed by a job whose lease ran out. They get new batches.
    /// </summary>
    public async Task<IReadOnlyList<CampaignBatch>> RequeueStaleAsync(DateTimeOffset now, TimeSpan requeueAfter, int batchSize, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var rows = await c.QueryAsync<KeyRow>(new CommandDefinition("""
            UPDATE supportbot.campaign_deliveries d SET status = 'queued', queued_at = @now, claimed_until = NULL
            FROM supportbot.campaigns c
            WHERE c.id = d.campaign_id AND c.status = 'scheduled'
              AND ((d.status = 'queued' AND d.queued_at < @stale) OR (d.status = 'sending' AND d.claimed_until < @now))
            RETURNING d.campaign_id AS CampaignId, d.occurrence AS Occurrence, d.person_id AS PersonId
            """, new { now = now.UtcDateTime, stale = (now - requeueAfter).UtcDateTime }, cancellationToken: ct));
        return Cut(rows, batchSize);
    }

    /// <summary>
    /// Claims up to <paramref name="size"/> queued deliveries of the batch (or ones whose claim ran
    /// out) until <paramref name="until"/>: another job skips them meanwhile.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimAsync(CampaignBatch batch, int size, DateTimeOffset now, DateTimeOffset until, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<ClaimedDelivery>(new CommandDefinition("""
            WITH picked AS (
                SELECT d.person_id FROM supportbot.campaign_deliveries d
                WHERE d.campaign_id = @CampaignId AND d.occurrence = @Occurrence AND d.person_id BETWEEN @From AND @To
                  AND (d.status = 'queued' OR (d.status = 'sending' AND d.claimed_until < @now))
                ORDER BY d.person_id LIMIT @size
                FOR UPDATE SKIP LOCKED),
            claimed AS (
                UPDATE supportbot.campaign_deliveries d SET status = 'sending', claimed_until = @until, attempts = d.attempts + 1
                FROM picked WHERE d.campaign_id = @CampaignId AND d.occurrence = @Occurrence AND d.person_id = picked.person_id
                RETURNING d.person_id, d.attempts)
            SELECT p.id AS PersonId, p.display_name AS DisplayName, p.email AS Email, p.locale AS Locale,
                   EXISTS (SELECT 1 FROM supportbot.conversation_references cr WHERE cr.person_id = p.id) AS HasChat, claimed.attempts AS Attempts
            FROM claimed JOIN supportbot.people p ON p.id = claimed.person_id
            ORDER BY p.id
            """, new { batch.CampaignId, batch.Occurrence, batch.From, batch.To, size, now = now.UtcDateTime, until = until.UtcDateTime }, cancellationToken: ct))).ToList();
    }

    /// <summary>
    /// Records what became of claimed deliveries; 'queued' gives one back for a later attempt, a
    /// waiting one goes back to 'due' at its retry time with its attempt given back, and remembers
    /// since when it waits (cleared by any other outcome).
    /// </summary>
    public async Task CompleteAsync(CampaignBatch batch, IReadOnlyList<DeliveryResult> results, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            return;
        }

        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.campaign_deliveries d
            SET status = u.status, channel = COALESCE(u.channel, d.channel), detail = u.detail, claimed_until = NULL,
                sent_at = CASE WHEN u.status = 'sent' THEN @now ELSE d.sent_at END,
                due_at = COALESCE(u.retry_at, d.due_at),
                queued_at = CASE WHEN u.waiting_for IS NULL THEN d.queued_at END,
                attempts = CASE WHEN u.waiting_for IS NULL OR d.status <> 'sending' THEN d.attempts ELSE GREATEST(d.attempts - 1, 0) END,
                waiting_since = CASE WHEN u.waiting_for IS NULL THEN NULL ELSE COALESCE(d.waiting_since, @now) END,
                waiting_for = u.waiting_for
            FROM unnest(@ids, @statuses, @channels, @details, @waitingFor, @retryAt) AS u(person_id, status, channel, detail, waiting_for, retry_at)
            WHERE d.campaign_id = @CampaignId AND d.occurrence = @Occurrence AND d.person_id = u.person_id AND d.status IN ('sending', 'queued')
            """, new
        {
            batch.CampaignId, batch.Occurrence, now = now.UtcDateTime,
            ids = results.Select(r => r.PersonId).ToArray(), statuses = results.Select(r => r.Status).ToArray(),
            channels = results.Select(r => r.Channel).ToArray(), details = results.Select(r => r.Detail).ToArray(),
            waitingFor = results.Select(r => r.WaitingFor).ToArray(), retryAt = results.Select(r => r.RetryAt?.UtcDateTime).ToArray(),
        }, cancellationToken: ct));
    }

    /// <summary>
    /// The service the batch needs is down: its deliveries not yet claimed go back to due at
    /// <paramref name="retryAt"/>, waiting (since <paramref name="now"/> unless they already were), rather than failing.
    /// </summary>
    public async Task PostponeQueuedAsync(CampaignBatch batch, string waitingFor, string detail, DateTimeOffset retryAt, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.campaign_deliveries
            SET status = 'due', due_at = @retryAt, queued_at = NULL, detail = @detail, waiting_for = @waitingFor, waiting_since = COALESCE(waiting_since, @now)
            WHERE campaign_id = @CampaignId AND occurrence = @Occurrence AND person_id BETWEEN @From AND @To AND status = 'queued'
            """, new { batch.CampaignId, batch.Occurrence, batch.From, batch.To, waitingFor, detail, retryAt = retryAt.UtcDateTime, now = now.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Cancelling stops what has not started: due and queued deliveries are cancelled.</summary>
    public async Task<int> CancelOpenDeliveriesAsync(Guid campaignId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.campaign_deliveries SET status = 'cancelled' WHERE campaign_id = @campaignId AND status IN ('due', 'queued')
            """, new { campaignId }, cancellationToken: ct));
    }

    /// <summary>After a pause, queued deliveries go back to due so the next dispatch batches them again.</summary>
    public async Task RequeueAfterPauseAsync(Guid campaignId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.campaign_deliveries SET status = 'due', queued_at = NULL WHERE campaign_id = @campaignId AND status = 'queued'
            """, new { campaignId }, cancellationToken: ct));
    }

    /// <summary>Whether every occurrence so far is resolved and nothing is left to send.</summary>
    public async Task<bool> IsDrainedAsync(Guid campaignId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return await c.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT NOT EXISTS (SELECT 1 FROM supportbot.campaign_occurrences WHERE campaign_id = @campaignId AND resolved_at IS NULL)
               AND NOT EXISTS (SELECT 1 FROM supportbot.campaign_deliveries WHERE campaign_id = @campaignId AND status IN ('due', 'queued', 'sending'))
            """, new { campaignId }, cancellationToken: ct));
    }

    private static List<CampaignBatch> Cut(IEnumerable<KeyRow> rows, int batchSize)
    {
        var batches = new List<CampaignBatch>();
        foreach (var group in rows.GroupBy(r => (r.CampaignId, r.Occurrence)))
        {
            var ids = group.Select(r => r.PersonId).Order().ToList();
            for (var i = 0; i < ids.Count; i += batchSize)
            {
                var last = Math.Min(i + batchSize, ids.Count) - 1;
                batches.Add(new CampaignBatch(group.Key.CampaignId, group.Key.Occurrence, ids[i], ids[last]));
            }
        }

        return batches;
    }

    private const string ProgressColumns = """
        count(d.person_id) FILTER (WHERE d.status IN ('due', 'queued', 'sending'))::int AS Due,
        count(d.person_id) FILTER (WHERE d.status = 'sent')::int AS Sent,
        count(d.person_id) FILTER (WHERE d.status = 'failed')::int AS Failed,
        count(d.person_id) FILTER (WHERE d.status = 'skipped_opted_out')::int AS SkippedOptedOut,
        count(d.person_id) FILTER (WHERE d.status = 'skipped_bouncing')::int AS SkippedBouncing,
        count(d.person_id) FILTER (WHERE d.status = 'cancelled')::int AS Cancelled,
        min(d.waiting_since) FILTER (WHERE d.status IN ('due', 'queued', 'sending') AND d.waiting_for <> 'other_attempt') AS WaitingSince,
        (array_agg(d.waiting_for ORDER BY d.waiting_since) FILTER (WHERE d.status IN ('due', 'queued', 'sending') AND d.waiting_for <> 'other_attempt'))[1] AS WaitingFor
        """;

    private const string SelectCampaign = """
        SELECT c.id AS Id, c.name AS Name, c.module_id AS ModuleId, m.title AS ModuleTitle, m.exam_date AS ExamDate, c.created_by AS CreatedBy,
               c.audience_kind AS AudienceKind, c.audience_cohort AS AudienceCohort, c.audience_inactive_days AS AudienceInactiveDays,
               c.audience_people AS AudiencePeople, c.subject_fr AS SubjectFr, c.body_fr AS BodyFr, c.subject_en AS SubjectEn, c.body_en AS BodyEn,
               c.channel AS Channel, c.schedule_kind AS ScheduleKind, c.local_time AS LocalTime, c.local_date AS LocalDate, c.weekday AS Weekday,
               c.days_before_exam AS DaysBeforeExam, c.until_date AS UntilDate, c.status AS Status, c.created_at AS CreatedAt
        FROM supportbot.campaigns c LEFT JOIN supportbot.modules m ON m.id = c.module_id
        """;

    internal static string StatusText(CampaignStatus s) => s.ToString().ToLowerInvariant();

    internal static CampaignStatus ParseStatus(string s) => Enum.Parse<CampaignStatus>(s, ignoreCase: true);

    private static string ChannelText(CampaignChannel c) => c == CampaignChannel.EmailOnly ? "email" : "chat_else_email";

    private static string ScheduleText(ScheduleKind k) => k switch { ScheduleKind.Weekly => "weekly", ScheduleKind.RelativeToExam => "exam", _ => "once" };

    private static ScheduleKind ParseSchedule(string s) => s switch { "weekly" => ScheduleKind.Weekly, "exam" => ScheduleKind.RelativeToExam, _ => ScheduleKind.Once };

    private static string AudienceText(AudienceKind k) => k.ToString().ToLowerInvariant();

    private sealed class KeyRow
    {
        public Guid CampaignId { get; set; }
        public DateOnly Occurrence { get; set; }
        public Guid PersonId { get; set; }
    }

    private sealed class OccurrenceRow
    {
        public Guid CampaignId { get; set; }
        public DateOnly Occurrence { get; set; }
        public TimeOnly LocalTime { get; set; }
        public Guid? ResolvedAfter { get; set; }
    }

    private sealed class SummaryRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string? ModuleId { get; set; }
        public string Status { get; set; } = "";
        public string ScheduleKind { get; set; } = "";
        public int Due { get; set; }
        public int Sent { get; set; }
        public int Failed { get; set; }
        public int SkippedOptedOut { get; set; }
        public int SkippedBouncing { get; set; }
        public int Cancelled { get; set; }
        public DateTime? WaitingSince { get; set; }
        public string? WaitingFor { get; set; }

        public CampaignProgress ToProgress() => new(Due, Sent, Failed, SkippedOptedOut, SkippedBouncing, Cancelled,
            WaitingSince is { } since ? new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)) : null, WaitingFor);
    }

    private sealed class CampaignRow
    {
        public Guid Id { get; set; }
        public string Name { get; set; } = "";
        public string? ModuleId { get; set; }
        public string? ModuleTitle { get; set; }
        public DateOnly? ExamDate { get; set; }
        public Guid? CreatedBy { get; set; }
        public string AudienceKind { get; set; } = "";
        public string? AudienceCohort { get; set; }
        public int? AudienceInactiveDays { get; set; }
        public Guid[] AudiencePeople { get; set; } = [];
        public string SubjectFr { get; set; } = "";
        public string BodyFr { get; set; } = "";
        public string SubjectEn { get; set; } = "";
        public string BodyEn { get; set; } = "";
        public string Channel { get; set; } = "";
        public string ScheduleKind { get; set; } = "";
        public TimeOnly LocalTime { get; set; }
        public DateOnly? LocalDate { get; set; }
        public int? Weekday { get; set; }
        public int? DaysBeforeExam { get; set; }
        public DateOnly? UntilDate { get; set; }
        public string Status { get; set; } = "";
        public DateTimeOffset CreatedAt { get; set; }

        public Campaign ToCampaign() => new(
            Id, Name, ModuleId, ModuleTitle, ExamDate, CreatedBy,
            new AudienceFilter(Enum.Parse<AudienceKind>(AudienceKind, ignoreCase: true), ModuleId, AudienceCohort, AudienceInactiveDays, AudiencePeople),
            new CampaignMessage(SubjectFr, BodyFr, SubjectEn, BodyEn),
            Channel == "email" ? CampaignChannel.EmailOnly : CampaignChannel.ChatElseEmail,
            new LocalSchedule(ParseSchedule(ScheduleKind), LocalTime, LocalDate, Weekday is { } w ? (DayOfWeek)w : null, DaysBeforeExam ?? 0, UntilDate),
            ParseStatus(Status), CreatedAt);
    }
}
