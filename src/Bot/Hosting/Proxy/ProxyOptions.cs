using System.ComponentModel.DataAnnotations;
using System.Net;

namespace SupportBot.Bot.Hosting.Proxy;

/// <summary>
/// The reverse proxy in front of the bot (Caddy in deploy/, or the institution's): it terminates
/// TLS and says so in X-Forwarded-Proto / X-Forwarded-For, which are believed only from these addresses.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string SectionName = "Proxy";

    /// <summary>
    /// Addresses of the proxies. With no proxy or network given: this machine (127.0.0.1, ::1), where
    /// deploy/Caddyfile runs it. (Not a list default: configuration appends to a list, so a default
    /// could never be replaced.)
    /// </summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of proxies, in CIDR notation (e.g. a load balancer's subnet "10.0.4.0/24").</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How long browsers keep to https once they saw the site over it (Strict-Transport-Security).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "730.00:00:00", ErrorMessage = "must be between 00:00:00 (off) and 730.00:00:00")]
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var address in KnownProxies.Where(a => !IPAddress.TryParse(a, out _)))
        {
            yield return new ValidationResult($"'{address}' is not an IP address", [nameof(KnownProxies)]);
        }

        foreach (var network in KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)))
        {
            yield return new ValidationResult($"'{network}' is not a network in CIDR notation (like 10.0.4.0/24)", [nameof(KnownNetworks)]);
        }
    }
}
