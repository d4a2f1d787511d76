using System.ComponentModel.DataAnnotations;

namespace SupportBot.Bot.DirectLine;

public sealed class DirectLineOptions
{
    public const string SectionName = "DirectLine";

    /// <summary>HMAC key signing Direct Line tokens (at least 32 characters; a secret: set it in the environment).</summary>
    [Required(ErrorMessage = "is required (at least 32 random characters; run.sh generates one into .data/)")]
    [MinLength(32, ErrorMessage = "must be at least 32 characters")]
    public string TokenSigningKey { get; set; } = "";

    /// <summary>How long a token is valid; Web Chat refreshes it before it expires.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00", ErrorMessage = "must be between 00:01:00 and 1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How long after its first token a web chat session may go on refreshing: past it the page must
    /// open the chat again with its (signed, expiring) learner link, so a stolen token dies at the latest then.
    /// </summary>
    [Range(typeof(TimeSpan), "00:05:00", "30.00:00:00", ErrorMessage = "must be between 00:05:00 and 30.00:00:00")]
    public TimeSpan TokenRefreshCeiling { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Optional Direct Line secret for server-to-server clients (tokens/generate); empty disables it.</summary>
    public string? Secret { get; set; }

    /// <summary>Largest upload accepted (images and PDFs).</summary>
    [Range(1024, 50 * 1024 * 1024, ErrorMessage = "must be between 1 KB and 50 MB")]
    public int MaxUploadBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest activity body accepted on POST .../activities.</summary>
    [Range(1024, 4 * 1024 * 1024, ErrorMessage = "must be between 1 KB and 4 MB")]
    public int MaxActivityBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// How long a host running a learner's turn holds it. A turn whose host died (kill -9 mid-turn)
    /// is run again by the learner's re-post or by any host's recovery loop once this has passed;
    /// longer than a turn can take, or a slow turn would be run twice.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:02", "01:00:00", ErrorMessage = "must be between 00:00:02 and 01:00:00")]
    public TimeSpan TurnLease { get; set; } = TimeSpan.FromSeconds(30);
}
