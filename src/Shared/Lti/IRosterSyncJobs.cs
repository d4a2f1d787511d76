namespace SupportBot.Shared.Lti;

/// <summary>Starts roster syncs in the background (Hangfire, in Jobs), for the admin pages.</summary>
public interface IRosterSyncJobs
{
    /// <summary>One platform course now.</summary>
    void Sync(string platform, string contextId);

    /// <summary>Every course whose launches granted Names and Role Provisioning, now (as the nightly run does).</summary>
    void SyncAll();
}
