using System.ComponentModel.DataAnnotations;

namespace SupportBot.Jobs.Hosting;

public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Run a Hangfire server in this process (the bot host does by default, so one process is enough).</summary>
    public bool RunServer { get; set; } = true;

    [Range(1, 64, ErrorMessage = "must be between 1 and 64")]
    public int WorkerCount { get; set; } = 4;

    /// <summary>How often an idle Hangfire worker looks for new jobs in PostgreSQL (Hangfire.PostgreSql's default is 15 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "must be between 50 ms and 1 minute")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a job fetched by a worker that then lost the database (or died) stays invisible before
    /// another worker takes it again. Running jobs keep extending it (sliding), so this bounds how late
    /// an interrupted job runs, not how long a job may take. Hangfire.PostgreSql's default is 30 minutes.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "must be between 5 seconds and 1 hour")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// When a Hangfire lock (a job's state lock, DisableConcurrentExecution) counts as abandoned. A
    /// process killed mid state change (kill -9, power cut) leaves its lock row behind; every worker
    /// that fetches that job waits on it and puts it back, so until this runs out the whole queue
    /// crawls. Hangfire.PostgreSql's default is 10 minutes; state locks are held for milliseconds.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "must be between 5 seconds and 1 hour")]
    public TimeSpan AbandonedLockAfter { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Hangfire's own tables live in this schema of the product database.</summary>
    [Required(ErrorMessage = "is required")]
    public string Schema { get; set; } = "hangfire";
}
