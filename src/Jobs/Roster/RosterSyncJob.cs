using SupportBot.Shared.Lti;

namespace SupportBot.Jobs.Roster;

/// <summary>
/// The roster sync through Names and Role Provisioning (#20): nightly for every course whose
/// launches granted it, or one course on demand. A course the platform cannot serve keeps its
/// roster and its outcome says why; the others still sync.
/// </summary>
public sealed class RosterSyncJob(LtiRosterSync sync, LtiContextStore contexts)
{
    public async Task RunAllAsync(CancellationToken ct)
    {
        foreach (var context in await contexts.ListAsync(platform: null, moduleId: null, ct))
        {
            if (context.MembershipsUrl is not null)
            {
                await sync.SyncAsync(context.Platform, context.ContextId, dryRun: false, ct);
            }
        }
    }

    public Task RunAsync(string platform, string contextId, CancellationToken ct) => sync.SyncAsync(platform, contextId, dryRun: false, ct);
}
