using System.ComponentModel.DataAnnotations;

namespace SupportBot.Jobs.Hosting;

public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    /// <summary>Run a Hangfire server in this process (the bot host does by default, so one process is enough).</summary>
    public bool RunServer { get; set; } = true;

    [Range(1, 64, ErrorMessage = "must be between 1 and 64")]
    public int WorkerCount { get; set; } = 4;

    /// <summary>Hangfire's own tables live in this schema of the product database.</summary>
    [Required(ErrorMessage = "is required")]
    public string Schema { get; set; } = "hangfire";
}
