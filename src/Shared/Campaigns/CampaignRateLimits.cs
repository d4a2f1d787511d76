using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace SupportBot.Shared.Campaigns;

/// <summary>
/// Campaigns:MaxPerMinute for everything this process sends, and Campaigns:MaxPerMinutePerDomain
/// per recipient domain (mail providers throttle senders that flood them). Per process: with N
/// workers the totals are N times these.
/// </summary>
public sealed class CampaignRateLimits : IDisposable
{
    private readonly RateLimiter? all;
    private readonly PartitionedRateLimiter<string>? perDomain;

    public CampaignRateLimits(IOptions<CampaignOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options.Value;
        all = o.MaxPerMinute > 0 ? new TokenBucketRateLimiter(PerMinute(o.MaxPerMinute)) : null;
        perDomain = o.MaxPerMinutePerDomain > 0
            ? PartitionedRateLimiter.Create<string, string>(domain => RateLimitPartition.GetTokenBucketLimiter(domain, _ => PerMinute(o.MaxPerMinutePerDomain)))
            : null;
    }

    /// <summary>Waits for a slot; <paramref name="domain"/> null for chat messages.</summary>
    public async ValueTask WaitAsync(string? domain, CancellationToken ct)
    {
        if (all is not null)
        {
            using var lease = await all.AcquireAsync(1, ct);
            Ensure(lease);
        }

        if (perDomain is not null && domain is not null)
        {
            using var lease = await perDomain.AcquireAsync(domain.ToLowerInvariant(), 1, ct);
            Ensure(lease);
        }
    }

    public void Dispose()
    {
        all?.Dispose();
        perDomain?.Dispose();
    }

    /// <summary>A smooth bucket: n tokens every n/rate minutes, so 90/min is one every 0.67 s, not 90 at once.</summary>
    private static TokenBucketRateLimiterOptions PerMinute(int rate)
    {
        var tokens = Math.Max(1, rate / 60);
        return new TokenBucketRateLimiterOptions
        {
            TokenLimit = tokens,
            TokensPerPeriod = tokens,
            ReplenishmentPeriod = TimeSpan.FromMinutes((double)tokens / rate),
            QueueLimit = 1_000_000,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }

    private static void Ensure(RateLimitLease lease)
    {
        if (!lease.IsAcquired)
        {
            throw new InvalidOperationException("Campaign rate limiter queue is full.");
        }
    }
}
