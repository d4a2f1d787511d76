using Dapper;
using Npgsql;

namespace SupportBot.Shared.StudyGroups.SignUp;

/// <summary>Why the learner is in the dialog: a full sign-up (module, size, language, times) or only their times.</summary>
public enum SignUpPurpose
{
    SignUp,
    Availability,
}

/// <summary>The question the learner is answering; Review shows saved times with Change / All good.</summary>
public enum SignUpStep
{
    Module,
    Size,
    Language,
    Availability,
    Confirm,
    Review,
}

/// <summary>The chat dialog's state between turns; <see cref="Slots"/> are parsed but not yet confirmed.</summary>
public sealed record SignUpDraft(
    Guid PersonId,
    SignUpPurpose Purpose,
    SignUpStep Step,
    string? ModuleId = null,
    int? GroupSize = null,
    string? Language = null,
    IReadOnlyList<WeeklySlot>? Slots = null,
    string? SourceText = null);

/// <summary>Confirmed weekly times, local to the learner, and the words they were read from.</summary>
public sealed record SavedAvailability(IReadOnlyList<WeeklySlot> Slots, string SourceText, DateTimeOffset ConfirmedAt);

/// <summary>An active consent to be grouped for one module.</summary>
public sealed record StudyGroupOptIn(string ModuleId, int GroupSize, string Language, DateTimeOffset OptedInAt);

/// <summary>
/// Owns <c>study_availability</c>, <c>study_group_optins</c> (writes) and
/// <c>study_group_signup_drafts</c>. Consent is explicit and per module; withdrawing keeps the row
/// with <c>withdrawn_at</c> for the record.
/// </summary>
public sealed class StudyGroupSignUpStore(NpgsqlDataSource db)
{
    public const int MinGroupSize = 3;
    public const int MaxGroupSize = 6;

    public async Task<SavedAvailability?> FindAvailabilityAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<AvailabilityRow>(new CommandDefinition("""
            SELECT slots::text AS Slots, source_text AS SourceText, confirmed_at AS ConfirmedAt
            FROM supportbot.study_availability WHERE person_id = @personId
            """, new { personId }, cancellationToken: ct));
        return row is null ? null : new SavedAvailability(WeeklySlotJson.Deserialize(row.Slots), row.SourceText, row.ConfirmedAt);
    }

    public async Task<IReadOnlyList<StudyGroupOptIn>> ListActiveOptInsAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        return (await c.QueryAsync<StudyGroupOptIn>(new CommandDefinition("""
            SELECT module_id AS ModuleId, group_size AS GroupSize, language AS Language, opted_in_at AS OptedInAt
            FROM supportbot.study_group_optins WHERE person_id = @personId AND withdrawn_at IS NULL ORDER BY module_id
            """, new { personId }, cancellationToken: ct))).ToList();
    }

    /// <summary>Replaces the learner's weekly times with confirmed ones.</summary>
    public async Task SaveAvailabilityAsync(Guid personId, IReadOnlyList<WeeklySlot> slots, string sourceText, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await SaveAvailabilityAsync(c, tx, personId, slots, sourceText, now, ct);
        await c.ExecuteAsync(new CommandDefinition(DeleteDraftSql, new { personId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>The learner's yes: their times and their consent for one module, stored together, the draft gone.</summary>
    public async Task ConfirmSignUpAsync(
        Guid personId, IReadOnlyList<WeeklySlot> slots, string sourceText, string moduleId, int groupSize, string language, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groupSize, MinGroupSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(groupSize, MaxGroupSize);
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        await SaveAvailabilityAsync(c, tx, personId, slots, sourceText, now, ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.study_group_optins (person_id, module_id, group_size, language, opted_in_at)
            VALUES (@personId, @moduleId, @groupSize, @language, @now)
            ON CONFLICT (person_id, module_id) DO UPDATE SET group_size = excluded.group_size, language = excluded.language,
                opted_in_at = excluded.opted_in_at, withdrawn_at = NULL
            """, new { personId, moduleId, groupSize, language, now = now.UtcDateTime }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(DeleteDraftSql, new { personId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
    }

    /// <summary>Withdraws every active opt-in (and drops any dialog in progress); returns how many modules it concerned.</summary>
    public async Task<int> WithdrawAllAsync(Guid personId, DateTimeOffset now, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await using var tx = await c.BeginTransactionAsync(ct);
        var withdrawn = await c.ExecuteAsync(new CommandDefinition("""
            UPDATE supportbot.study_group_optins SET withdrawn_at = @now WHERE person_id = @personId AND withdrawn_at IS NULL
            """, new { personId, now = now.UtcDateTime }, tx, cancellationToken: ct));
        await c.ExecuteAsync(new CommandDefinition(DeleteDraftSql, new { personId }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return withdrawn;
    }

    /// <summary>The learner's dialog in progress, if they touched it since <paramref name="freshSince"/>.</summary>
    public async Task<SignUpDraft?> FindDraftAsync(Guid personId, DateTimeOffset freshSince, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        var row = await c.QuerySingleOrDefaultAsync<DraftRow>(new CommandDefinition("""
            SELECT purpose AS Purpose, step AS Step, module_id AS ModuleId, group_size AS GroupSize, language AS Language,
                   slots::text AS Slots, source_text AS SourceText
            FROM supportbot.study_group_signup_drafts WHERE person_id = @personId AND updated_at >= @freshSince
            """, new { personId, freshSince = freshSince.UtcDateTime }, cancellationToken: ct));
        return row is null ? null : new SignUpDraft(
            personId,
            row.Purpose == "availability" ? SignUpPurpose.Availability : SignUpPurpose.SignUp,
            Enum.Parse<SignUpStep>(row.Step, ignoreCase: true),
            row.ModuleId,
            row.GroupSize,
            row.Language,
            row.Slots is null ? null : WeeklySlotJson.Deserialize(row.Slots),
            row.SourceText);
    }

    public async Task SaveDraftAsync(SignUpDraft draft, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.study_group_signup_drafts (person_id, purpose, step, module_id, group_size, language, slots, source_text, updated_at)
            VALUES (@PersonId, @purpose, @step, @ModuleId, @GroupSize, @Language, @slots::jsonb, @SourceText, @now)
            ON CONFLICT (person_id) DO UPDATE SET purpose = excluded.purpose, step = excluded.step, module_id = excluded.module_id,
                group_size = excluded.group_size, language = excluded.language, slots = excluded.slots,
                source_text = excluded.source_text, updated_at = excluded.updated_at
            """, new
            {
                draft.PersonId,
                purpose = draft.Purpose == SignUpPurpose.Availability ? "availability" : "sign_up",
                step = draft.Step.ToString().ToLowerInvariant(),
                draft.ModuleId,
                draft.GroupSize,
                draft.Language,
                slots = draft.Slots is null ? null : WeeklySlotJson.Serialize(draft.Slots),
                draft.SourceText,
                now = now.UtcDateTime,
            }, cancellationToken: ct));
    }

    public async Task DeleteDraftAsync(Guid personId, CancellationToken ct)
    {
        await using var c = await db.OpenConnectionAsync(ct);
        await c.ExecuteAsync(new CommandDefinition(DeleteDraftSql, new { personId }, cancellationToken: ct));
    }

    private const string DeleteDraftSql = "DELETE FROM supportbot.study_group_signup_drafts WHERE person_id = @personId";

    private static Task<int> SaveAvailabilityAsync(
        NpgsqlConnection c, NpgsqlTransaction tx, Guid personId, IReadOnlyList<WeeklySlot> slots, string sourceText, DateTimeOffset now, CancellationToken ct)
    {
        if (slots.Count == 0 || slots.Any(s => !s.IsValid))
        {
            throw new ArgumentException("Availability needs at least one valid slot.", nameof(slots));
        }

        return c.ExecuteAsync(new CommandDefinition("""
            INSERT INTO supportbot.study_availability (person_id, slots, source_text, confirmed_at)
            VALUES (@personId, @slots::jsonb, @sourceText, @now)
            ON CONFLICT (person_id) DO UPDATE SET slots = excluded.slots, source_text = excluded.source_text, confirmed_at = excluded.confirmed_at
            """, new { personId, slots = WeeklySlotJson.Serialize(slots), sourceText, now = now.UtcDateTime }, tx, cancellationToken: ct));
    }

    private sealed record AvailabilityRow(string Slots, string SourceText, DateTimeOffset ConfirmedAt);

    private sealed record DraftRow(string Purpose, string Step, string? ModuleId, int? GroupSize, string? Language, string? Slots, string? SourceText);
}
