using System.ComponentModel.DataAnnotations;

namespace SupportBot.Shared.Delivery;

/// <summary>How outgoing messages are claimed in the send log.</summary>
public sealed class DeliveryOptions : IValidatableObject
{
    public const string SectionName = "Delivery";

    /// <summary>
    /// How long a send attempt holds its key. Longer than one send can take (SMTP and Connector
    /// timeouts, retries included), or a slow sender could be overtaken; a crashed sender's
    /// message goes again once this has run out.
    /// </summary>
    public TimeSpan ClaimLease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often a message waiting for a service that is down (the mail server, the Bot Connector,
    /// PostgreSQL) tries again. It waits as long as the outage lasts: waiting never uses up an
    /// attempt or a job retry.
    /// </summary>
    public TimeSpan OutageRetryEvery { get; set; } = TimeSpan.FromMinutes(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ClaimLease < TimeSpan.FromSeconds(1))
        {
            yield return new ValidationResult("must be at least 00:00:01 (longer than one send can take)", [nameof(ClaimLease)]);
        }

        if (OutageRetryEvery < TimeSpan.FromSeconds(1) || OutageRetryEvery > TimeSpan.FromHours(1))
        {
            yield return new ValidationResult("must be between 00:00:01 and 01:00:00", [nameof(OutageRetryEvery)]);
        }
    }
}
