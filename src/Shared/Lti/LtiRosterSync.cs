using System.Net.Mail;
using Microsoft.Extensions.Logging;
using SupportBot.Shared.Roster;

namespace SupportBot.Shared.Lti;

/// <summary>What a sync did (or why it did not); <see cref="Plan"/> lists the changes or the member list's problems.</summary>
public sealed record LtiRosterSyncResult(bool Succeeded, string Outcome, RosterPlan? Plan);

/// <summary>
/// The roster of one platform course through LTI Names and Role Provisioning Services 2.0 (#20),
/// with the CSV import's rules (<see cref="RosterPlanner"/>): Learner enrols, Instructor and
/// TeachingAssistant tutor, an Inactive or Deleted member or one no longer listed is unenrolled
/// (never deleted), all or nothing. When the platform cannot be reached or refuses, nothing
/// changes and the outcome says why.
/// </summary>
public sealed partial class LtiRosterSync(
    LtiPlatforms platforms, LtiContextStore contexts, LtiServiceTokens tokens, NrpsMemberships memberships, RosterImport import, ILogger<LtiRosterSync> log)
{
    public const string Format = "LTI Names and Role Provisioning";

    public async Task<LtiRosterSyncResult> SyncAsync(string platformName, string contextId, bool dryRun, CancellationToken ct)
    {
        var context = await contexts.FindAsync(platformName, contextId, ct);
        if (context is null)
        {
            return new LtiRosterSyncResult(false, $"no course {contextId} of {platformName} has been launched yet", null);
        }

        var result = await RunAsync(context, dryRun, ct);
        if (result.Succeeded)
        {
            LogSynced(log, context.Platform, context.ModuleId, result.Outcome);
        }
        else
        {
            LogNotSynced(log, context.Platform, context.ModuleId, result.Outcome);
            foreach (var error in result.Plan?.Errors ?? [])
            {
                LogMemberProblem(log, context.Platform, context.ModuleId, error.Line, error.Message);
            }
        }

        if (!dryRun)
        {
            await contexts.RecordSyncAsync(context.Platform, context.ContextId, result.Succeeded, result.Outcome, ct);
        }

        return result;
    }

    private async Task<LtiRosterSyncResult> RunAsync(LtiContext context, bool dryRun, CancellationToken ct)
    {
        static LtiRosterSyncResult Failed(string why) => new(false, "not synced, nothing changed: " + why, null);
        if (context.MembershipsUrl is null)
        {
            return Failed("the platform did not grant Names and Role Provisioning in this course's launches (turn the service on in the tool's registration, then launch once)");
        }

        if (await platforms.FindByNameAsync(context.Platform, ct) is not { } platform)
        {
            return Failed($"the platform {context.Platform} is no longer registered");
        }

        IReadOnlyList<NrpsMember> members;
        try
        {
            var token = await tokens.RequestAsync(platform, NrpsMemberships.Scope, ct);
            members = await memberships.ReadAllAsync(context.MembershipsUrl, token, ct);
        }
        catch (LtiServiceException e)
        {
            return Failed(e.Message);
        }

        var (rows, errors) = RowsOf(members, platform, context.ModuleId);
        var imported = await import.ImportAsync(RosterFile.FromRows(Format, rows, errors), platform.Course, dryRun, ct);
        var plan = imported.Plan;
        return plan.IsValid
            ? new LtiRosterSyncResult(true, $"{members.Count} members: " + plan.Summary(), plan)
            // The outcome is stored: the count only; the problems, which name people, go to the log and the CLI.
            : new LtiRosterSyncResult(false, $"not synced, nothing changed: {plan.Errors.Count} problems in the platform's list of {members.Count} members "
                + "(see the log, or run supportbot roster sync --dry-run)", plan);
    }

    /// <summary>A member is a row per role SupportBot uses, its line the member's place in the list.</summary>
    private static (List<RosterRow> Rows, List<RosterError> Errors) RowsOf(IReadOnlyList<NrpsMember> members, LtiPlatform platform, string moduleId)
    {
        var rows = new List<RosterRow>();
        var errors = new List<RosterError>();
        for (var i = 0; i < members.Count; i++)
        {
            var (line, m) = (i + 1, members[i]);
            if (m.UserId is null)
            {
                errors.Add(new RosterError(line, "a member without user_id"));
                continue;
            }

            if (m.Email is { } email && (!MailAddress.TryCreate(email, out var parsed) || parsed.Address != email))
            {
                errors.Add(new RosterError(line, $"member {m.UserId}: \"{email}\" is not an email address"));
                continue;
            }

            var name = m.Name ?? (string.Join(' ', new[] { m.GivenName, m.FamilyName }.Where(n => n is not null)) is { Length: > 0 } n ? n : null);
            var active = string.Equals(m.Status, "Active", StringComparison.OrdinalIgnoreCase);
            var externalId = $"lti:{platform.Name}:{m.UserId}";
            RosterRole[] roles = [.. new[] { m.Roles.Any(LtiRoles.IsLearner) ? RosterRole.Learner : RosterRole.None, m.Roles.Any(LtiRoles.IsTeaching) ? RosterRole.Tutor : RosterRole.None }
                .Where(r => r != RosterRole.None)];
            rows.AddRange(roles.Select(role => new RosterRow(line, externalId, name, m.Email, role, moduleId, null, active, null, null)));
        }

        return (rows, errors);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "LTI roster sync {Platform} {Module}: {Outcome}")]
    private static partial void LogSynced(ILogger logger, string platform, string module, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LTI roster sync {Platform} {Module}: {Outcome}")]
    private static partial void LogNotSynced(ILogger logger, string platform, string module, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "LTI roster sync {Platform} {Module}: member {Member}: {Problem}")]
    private static partial void LogMemberProblem(ILogger logger, string platform, string module, int member, string problem);
}
