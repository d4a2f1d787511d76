using System.ComponentModel.DataAnnotations;

namespace SupportBot.Jobs.Routing;

public sealed class RelayOptions
{
    public const string SectionName = "Relay";

    /// <summary>A learner who has not come back to the chat this long after an answer was relayed gets it by email too.</summary>
    public TimeSpan EmailCopyAfter { get; set; } = TimeSpan.FromHours(2);

    /// <summary>An image larger than this is not shown in the chat but linked (Teams carries it inline, in the activity).</summary>
    [Range(1024, 20 * 1024 * 1024, ErrorMessage = "must be between 1024 and 20971520 bytes")]
    public long MaxImageBytes { get; set; } = 1024 * 1024;

    /// <summary>Images shown in one answer add up to at most this; the rest are linked.</summary>
    [Range(1024, 50 * 1024 * 1024, ErrorMessage = "must be between 1024 and 52428800 bytes")]
    public long MaxImageBytesPerAnswer { get; set; } = 4 * 1024 * 1024;

    /// <summary>At most this many images shown in one answer; the rest are linked.</summary>
    [Range(0, 50, ErrorMessage = "must be between 0 and 50")]
    public int MaxImagesPerAnswer { get; set; } = 6;

    /// <summary>How long the download link of an image not shown works.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "365.00:00:00", ErrorMessage = "must be between 01:00:00 and 365.00:00:00")]
    public TimeSpan ImageLinkLifetime { get; set; } = TimeSpan.FromDays(30);
}
